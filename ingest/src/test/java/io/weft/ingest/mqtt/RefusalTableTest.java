package io.weft.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The one refusal table and its documentation agree: every {@link Refusal} is named in docs/errors.md, every MQTT 5
 * reason code is a failure code (0x80 and above), and every refusal that has a CONNACK code for MQTT 3.1.1 has a
 * valid MQTT 5 CONNACK reason code too, so an MQTT 5 client is never refused with a code meaning success.
 */
class RefusalTableTest {
    private static final Path ERRORS = Path.of("..", "docs", "errors.md");

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void refusal_isNamedInDocsErrors(Refusal refusal) throws IOException {
        assertThat(Files.readString(ERRORS)).contains("`" + refusal.name() + "`");
    }

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void reasonCode_whenPresent_isAFailureCode(Refusal refusal) {
        if (refusal.reasonCode() >= 0) {
            assertThat(refusal.reasonCode()).isBetween(0x80, 0xFF);
        }
    }

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void connackRefusal_hasAnMqtt5ConnackCode(Refusal refusal) {
        if (refusal.connackCode() != null && refusal != Refusal.UNSUPPORTED_PROTOCOL) {
            MqttConnectReturnCode v5 = refusal.connackCodeV5();
            assertThat(v5.byteValue() & 0xFF).isEqualTo(refusal.reasonCode());
        }
    }

    @Test
    void docsErrors_hasTheMqtt5Section() throws IOException {
        assertThat(Files.readString(ERRORS)).contains("## MQTT 5 reason codes");
    }
}
