package io.weft.core.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.core.envelope.Downlink;
import io.weft.core.json.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Device actions become Alink requests exactly as Alibaba sends them, with references resolved from the result. */
class DeviceActionTest {
    private static final String RESULT = "{\"t\":35.5,\"dn\":\"kitchen\",\"ruleId\":\"hot\",\"productKey\":\"a1thermo\"}";

    @Test
    void setProperty_becomesAPropertySetOnTheDevicesTopic_withReferencesTyped() {
        Destination.SetProperty set = new Destination.SetProperty("a1fan", "fan1",
                Json.tree("{\"PowerSwitch\":1,\"Target\":\"${t}\",\"Note\":\"${t} degrees\"}"));

        Downlink downlink = set.downlink((7L << 32) + 123, Json.tree(RESULT));

        assertThat(downlink.topic()).isEqualTo("/sys/a1fan/fan1/thing/service/property/set");
        assertThat(downlink.key()).isEqualTo("a1fan/fan1");
        assertThat(new String(downlink.payload(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":\"123\",\"version\":"
                + "\"1.0\",\"params\":{\"PowerSwitch\":1,\"Target\":35.5,\"Note\":\"${t} degrees\"},"
                + "\"method\":\"thing.service.property.set\"}");
        assertThat(set.references()).containsExactly("t");
    }

    @Test
    void invokeService_becomesTheServicesMethodOnItsTopic() {
        Destination.InvokeService call = new Destination.InvokeService("a1fan", "fan1", "SetSpeed",
                Json.tree("{\"speed\":\"${dn}\"}"));

        Downlink downlink = call.downlink(5, Json.tree(RESULT));

        assertThat(downlink.topic()).isEqualTo("/sys/a1fan/fan1/thing/service/SetSpeed");
        assertThat(Json.tree(new String(downlink.payload(), StandardCharsets.UTF_8)).get("method").stringValue())
                .isEqualTo("thing.service.SetSpeed");
    }

    @Test
    void aReferenceToAMissingOrNullColumn_isRefused_namingTheColumn() {
        Destination.SetProperty set = new Destination.SetProperty("a1fan", "fan1", Json.tree("{\"P\":\"${nope}\"}"));

        assertThatThrownBy(() -> set.downlink(1, Json.tree(RESULT)))
                .isInstanceOfSatisfying(DeviceAction.MissingColumn.class, e -> assertThat(e.column()).isEqualTo("nope"));
        assertThatThrownBy(() -> set.downlink(1, Json.tree("{\"nope\":null}")))
                .isInstanceOf(DeviceAction.MissingColumn.class);
    }

    @Test
    void json_roundTrip_keepsTypeAndParams() {
        Destination set = new Destination.SetProperty("a1fan", "fan1", Json.tree("{\"PowerSwitch\":1}"));
        Destination call = new Destination.InvokeService("a1fan", "fan1", "Reboot", null);

        assertThat(Json.writeString(set)).isEqualTo(
                "{\"type\":\"setProperty\",\"productKey\":\"a1fan\",\"deviceName\":\"fan1\",\"params\":{\"PowerSwitch\":1}}");
        assertThat(Json.read(Json.writeString(set), Destination.class)).isEqualTo(set);
        assertThat(Json.read(Json.writeString(call), Destination.class)).isEqualTo(call);
    }
}
