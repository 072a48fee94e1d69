package io.weft.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LogThrottleTest {
    @Test
    void tryLog_whenAFlood_thenOneLinePerIntervalSayingHowManyWereLeftOut() {
        AtomicLong now = new AtomicLong(42);
        LogThrottle throttle = new LogThrottle(now::get);

        assertThat(throttle.tryLog()).isZero();
        for (int i = 0; i < 10_000; i++) {
            assertThat(throttle.tryLog()).isEqualTo(-1);
        }
        now.addAndGet(LogThrottle.INTERVAL_NANOS - 1);
        assertThat(throttle.tryLog()).isEqualTo(-1);
        now.addAndGet(1);
        assertThat(throttle.tryLog()).isEqualTo(10_001);
        assertThat(throttle.tryLog()).isEqualTo(-1);
    }
}
