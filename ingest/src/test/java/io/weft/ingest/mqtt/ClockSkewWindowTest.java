package io.weft.ingest.mqtt;

import static io.weft.ingest.mqtt.EdgeHarness.DN;
import static io.weft.ingest.mqtt.EdgeHarness.NOW;
import static io.weft.ingest.mqtt.EdgeHarness.PK;
import static io.weft.ingest.mqtt.EdgeHarness.SDK_TIMESTAMP;
import static io.weft.ingest.mqtt.EdgeHarness.SECRET;
import static io.weft.ingest.mqtt.EdgeHarness.connackCode;
import static io.weft.ingest.mqtt.EdgeHarness.connect;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.weft.core.auth.DeviceSigner;
import io.weft.core.auth.SignMethod;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The optional clock-skew window ({@link MqttEdgeConfig#clockSkewMs()}): off by default, so Alibaba's C SDK 3.x
 * with its fixed 2050 timestamp connects; when set to N ms, a signed CONNECT whose clientId timestamp is missing,
 * not a number, or outside now ± N is refused with CONNACK 0x04. The edge's clock is fixed at {@link EdgeHarness#NOW}.
 */
class ClockSkewWindowTest {
    private static final long WINDOW_MS = 60_000;
    private final EdgeHarness windowed = new EdgeHarness(MqttEdgeConfig.defaults(0).withClockSkew(WINDOW_MS), true);

    @Test
    void connect_whenNoWindowConfigured_thenTheSdkFixed2050TimestampIsAccepted() {
        EdgeHarness byDefault = new EdgeHarness();
        assertThat(MqttEdgeConfig.defaults(0).clockSkewMs()).as("off by default").isZero();
        try (MqttPeer device = byDefault.open()) {
            device.send(signed(SDK_TIMESTAMP));

            assertThat(connackCode(device.received())).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {0, WINDOW_MS, -WINDOW_MS})
    void connect_whenTimestampWithinTheWindow_thenAccepted(long offset) {
        try (MqttPeer device = windowed.open()) {
            device.send(signed(Long.toString(NOW + offset)));

            assertThat(connackCode(device.received())).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2524608000000", "1763000060001", "1762999939999", "yesterday"})
    void connect_whenTimestampOutsideTheWindowOrNotANumber_thenConnackBadUsernameOrPassword(String timestamp) {
        assertRefused(signed(timestamp));
    }

    @Test
    void connect_whenWindowSetAndNoTimestampSigned_thenConnackBadUsernameOrPassword() {
        assertRefused(signed(null));
    }

    private void assertRefused(io.netty.handler.codec.mqtt.MqttConnectMessage connect) {
        try (MqttPeer device = windowed.open()) {
            device.send(connect);

            assertThat(connackCode(device.received()))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
            assertThat(device.isOpen()).isFalse();
            assertThat(windowed.disconnector.count(Refusal.TIMESTAMP_OUT_OF_WINDOW)).isEqualTo(1);
            assertThat(windowed.sessions.size()).isZero();
        }
    }

    private static io.netty.handler.codec.mqtt.MqttConnectMessage signed(String timestamp) {
        DeviceSigner.MqttCredentials c = DeviceSigner.mqttCredentials(PK, DN, SECRET, SignMethod.HMACSHA256,
                PK + "." + DN, timestamp);
        return connect(c.clientId(), c.username(), c.password(), 60);
    }
}
