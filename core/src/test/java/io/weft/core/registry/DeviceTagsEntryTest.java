package io.weft.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.auth.DeviceIdentity;
import io.weft.core.json.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Verifies that a device's tags travel on the registry as their own kind, under a key that edges never take for a
 * device credential, and always serialize the same way for the same tags.
 */
class DeviceTagsEntryTest {
    private static final DeviceTagsEntry TAGS = new DeviceTagsEntry("pk", "dn", Map.of("room", "kitchen"), 7L);

    @Test
    void written_thenKindDeviceTags_withTheTagsAsAnObject() {
        JsonNode tree = Json.tree(Json.writeString(TAGS));

        assertThat(tree.get("kind").asString()).isEqualTo("device-tags");
        assertThat(tree.path("tags").path("room").asString()).isEqualTo("kitchen");
        assertThat(tree.path("updatedAt").asLong()).isEqualTo(7L);
    }

    @Test
    void roundTrip_whenReadAsTheInterface_thenTheSameEntry() {
        assertThat(Json.read(Json.write(TAGS), RegistryEntry.class)).isEqualTo(TAGS);
    }

    @Test
    void tags_areSortedByKey_andNullMeansNone() {
        Map<String, String> unordered = new LinkedHashMap<>();
        unordered.put("zone", "b");
        unordered.put("floor", "2");

        assertThat(Json.writeString(new DeviceTagsEntry("pk", "dn", unordered, 1L)))
                .contains("\"tags\":{\"floor\":\"2\",\"zone\":\"b\"}");
        assertThat(new DeviceTagsEntry("pk", "dn", null, 1L).tags()).isEmpty();
    }

    @Test
    void key_isNotADeviceKey_soEdgesNeverTakeATagTombstoneForADeletedDevice() {
        assertThat(TAGS.key()).isEqualTo("device-tags/pk/dn");
        assertThat(RegistryEntry.deviceOf(TAGS.key())).isEmpty();
        assertThat(RegistryEntry.deviceTagsOf(TAGS.key())).contains(new DeviceIdentity("pk", "dn"));
        assertThat(RegistryEntry.deviceTagsOf(RegistryEntry.deviceKey("pk", "dn"))).isEmpty();
        assertThat(RegistryEntry.deviceTagsOf("device-tags/pk/")).isEmpty();
    }
}
