package io.weft.ingest.mqtt.limits;

import static io.weft.ingest.mqtt.limits.ConnectRateTest.address;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ConnectionCountTest {
    private static final InetAddress A = address("192.0.2.1");
    private static final InetAddress B = address("2001:db8::1");

    @Test
    void tryOpen_whenAtTheMaximum_thenRefusedUntilOneCloses() {
        ConnectionCount count = new ConnectionCount(2);
        assertThat(count.tryOpen(A)).isTrue();
        assertThat(count.tryOpen(A)).isTrue();
        assertThat(count.tryOpen(A)).isFalse();
        assertThat(count.openFrom(A)).as("a refused connection is not counted").isEqualTo(2);
        assertThat(count.tryOpen(B)).isTrue();

        count.close(A);
        assertThat(count.tryOpen(A)).isTrue();
    }

    @Test
    void close_whenLastConnectionOfAnAddress_thenAddressForgotten() {
        ConnectionCount count = new ConnectionCount(5);
        count.tryOpen(A);
        count.tryOpen(A);
        count.tryOpen(B);
        count.close(A);
        count.close(B);
        assertThat(count.addresses()).isEqualTo(1);
        count.close(A);
        assertThat(count.addresses()).isZero();
    }

    @Test
    void tryOpen_whenMaxZero_thenUnlimitedAndNothingTracked() {
        ConnectionCount count = new ConnectionCount(0);
        for (int i = 0; i < 10_000; i++) {
            assertThat(count.tryOpen(A)).isTrue();
        }
        assertThat(count.addresses()).isZero();
    }
}
