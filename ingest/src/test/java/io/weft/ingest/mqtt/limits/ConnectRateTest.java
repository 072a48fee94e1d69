package io.weft.ingest.mqtt.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket per address, on a clock the test moves. */
class ConnectRateTest {
    private static final InetAddress A = address("10.0.0.1");
    private static final InetAddress B = address("10.0.0.2");
    private final AtomicLong now = new AtomicLong(123_456_789L);
    private final ConnectRate rate = new ConnectRate(10, 3, now::get);

    @Test
    void tryConnect_whenBurstSpent_thenRefusedUntilATokenRefills() {
        assertThat(rate.tryConnect(A)).isTrue();
        assertThat(rate.tryConnect(A)).isTrue();
        assertThat(rate.tryConnect(A)).isTrue();
        assertThat(rate.tryConnect(A)).isFalse();
        assertThat(rate.tryConnect(B)).as("another address has its own bucket").isTrue();

        advanceMillis(99);
        assertThat(rate.tryConnect(A)).as("10/s: a token takes 100 ms").isFalse();
        advanceMillis(1);
        assertThat(rate.tryConnect(A)).isTrue();
        assertThat(rate.tryConnect(A)).isFalse();
    }

    @Test
    void tryConnect_whenIdleLong_thenRefillsOnlyToTheBurst() {
        for (int i = 0; i < 3; i++) {
            rate.tryConnect(A);
        }
        advanceMillis(60_000);

        int admitted = 0;
        while (rate.tryConnect(A)) {
            admitted++;
        }
        assertThat(admitted).isEqualTo(3);
    }

    @Test
    void expireIdle_whenBucketRefilled_thenAddressForgotten() {
        rate.tryConnect(A);
        rate.tryConnect(B);
        rate.tryConnect(B);
        rate.tryConnect(B);
        advanceMillis(100);
        rate.expireIdle();
        assertThat(rate.addresses()).as("A is full again, B still owes two tokens").isEqualTo(1);

        advanceMillis(200);
        rate.expireIdle();
        assertThat(rate.addresses()).isZero();
    }

    @Test
    void tryConnect_whenManyAddressesPassByAndIdle_thenMemoryStaysBounded() {
        for (int i = 0; i < 5 * ConnectRate.SWEEP_EVERY; i++) {
            rate.tryConnect(address("10.1." + (i / 256 % 256) + "." + (i % 256)));
            advanceMillis(1);
        }
        assertThat(rate.addresses()).as("an address is forgotten 100 ms after its one connect")
                .isLessThanOrEqualTo(ConnectRate.SWEEP_EVERY);
    }

    @Test
    void tryConnect_whenRateZero_thenUnlimitedAndNothingTracked() {
        ConnectRate off = new ConnectRate(0, 0, now::get);
        for (int i = 0; i < 10_000; i++) {
            assertThat(off.tryConnect(A)).isTrue();
        }
        assertThat(off.addresses()).isZero();
    }

    private void advanceMillis(long ms) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
    }

    static InetAddress address(String ip) {
        try {
            return InetAddress.getByName(ip);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
