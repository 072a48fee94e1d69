package io.weft.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.json.Json;
import io.weft.core.topic.TopicClass;
import io.weft.core.topic.TopicOperation;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A product's topic classes travel on the registry as kind {@code topic-classes}, keyed {@code topic-classes/{pk}}. */
class TopicClassesEntryTest {
    private static final TopicClassesEntry ENTRY = new TopicClassesEntry("pk", List.of(
            new TopicClass("update", TopicOperation.PUB, "readings"),
            new TopicClass("sensors/+/cmd", TopicOperation.SUB, null)), 1_700_000_000_000L);

    @Test
    void written_thenKindTopicClassesAndOperationsByName() {
        JsonNode tree = Json.tree(Json.writeString(ENTRY));

        assertThat(tree.get("kind").asString()).isEqualTo("topic-classes");
        assertThat(tree.get("classes").get(1).get("operation").asString()).isEqualTo("SUB");
        assertThat(tree.get("classes").get(1).get("name").asString()).isEqualTo("sensors/+/cmd");
    }

    @Test
    void roundTrip_whenReadAsTheInterface_thenSameEntry() {
        assertThat(Json.read(Json.write(ENTRY), RegistryEntry.class)).isEqualTo(ENTRY);
    }

    @Test
    void key_isPerProduct() {
        assertThat(ENTRY.key()).isEqualTo("topic-classes/pk");
        assertThat(RegistryEntry.deviceOf(ENTRY.key())).isEmpty();
    }
}
