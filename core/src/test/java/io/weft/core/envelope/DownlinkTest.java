package io.weft.core.envelope;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.json.Json;
import org.junit.jupiter.api.Test;

/** A device downlink is keyed {@code pk/dn}; a broadcast has no device name, is keyed {@code pk/} and survives JSON. */
class DownlinkTest {

    @Test
    void deviceDownlink_isKeyedByDevice_andIsNoBroadcast() {
        Downlink d = new Downlink(1L, "pk", "dn", "/sys/pk/dn/thing/service/property/set", new byte[0], 1, 0L);

        assertThat(d.broadcast()).isFalse();
        assertThat(d.key()).isEqualTo("pk/dn");
    }

    @Test
    void broadcast_isKeyedByProduct_andRoundTripsWithANullDeviceName() {
        Downlink b = Downlink.broadcast(7L, "pk", "/broadcast/pk/firmware/news", "v2".getBytes(UTF_8), 1);

        String json = new String(Json.write(b), UTF_8);
        Downlink read = Json.read(json, Downlink.class);

        assertThat(b.key()).isEqualTo("pk/");
        assertThat(json).contains("\"deviceName\":null").doesNotContain("\"key\"").doesNotContain("\"broadcast\"");
        assertThat(read.broadcast()).isTrue();
        assertThat(read.deviceName()).isNull();
        assertThat(read.topic()).isEqualTo("/broadcast/pk/firmware/news");
        assertThat(new String(read.payload(), UTF_8)).isEqualTo("v2");
    }
}
