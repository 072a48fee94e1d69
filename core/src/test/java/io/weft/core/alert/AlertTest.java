package io.weft.core.alert;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.json.Json;
import io.weft.core.rule.Severity;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** An alert has one JSON form: lower-case state, change and severity, nothing derived, and it reads back equal. */
class AlertTest {
    private static final Alert ALERT = new Alert("0b4c", "device-offline/a1pk/lamp", "device-offline",
            Severity.MAJOR, Alert.State.ACKNOWLEDGED, true, 3, 1000, 3000, 2900, 3500L, "operator:alice", null, null,
            "offline", "a1pk", "lamp", "{\"reason\":\"KEEPALIVE_TIMEOUT\"}", 4, Alert.Change.ACKNOWLEDGED, 3500);

    @Test
    void json_roundTrip_thenEqual() {
        assertThat(Json.read(Json.write(ALERT), Alert.class)).isEqualTo(ALERT);
    }

    @Test
    void json_writesLowerCaseEnums_andNoDerivedOpenFlag() {
        JsonNode tree = Json.tree(Json.writeString(ALERT));

        assertThat(tree.get("state").asString()).isEqualTo("acknowledged");
        assertThat(tree.get("change").asString()).isEqualTo("acknowledged");
        assertThat(tree.get("severity").asString()).isEqualTo("major");
        assertThat(tree.has("open")).isFalse();
        assertThat(ALERT.isOpen()).isTrue();
    }

    @Test
    void clearHeld_hasItsHyphenatedName() {
        assertThat(Json.writeString(Alert.Change.CLEAR_HELD)).isEqualTo("\"clear-held\"");
    }
}
