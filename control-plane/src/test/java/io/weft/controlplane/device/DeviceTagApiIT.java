package io.weft.controlplane.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.controlplane.Api.Reply;
import io.weft.controlplane.OnRealParts;
import io.weft.controlplane.RegistryTopic;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/devices/{pk}/{dn}/tags} on the real app and PostgreSQL: tags are set, merged and removed as one JSON
 * object; every change that alters them reaches {@code weft.registry} before the answer as a {@code device-tags} entry
 * carrying all of them, which rule jobs read as the device-attribute table; tags that break Alibaba's limits are
 * refused with a problem and publish nothing; deleting the device tombstones its tags.
 */
class DeviceTagApiIT extends OnRealParts {
    private String pk;
    private String tagsPath;
    private String tagsKey;

    @BeforeEach
    void device() {
        pk = uniqueKey("tag");
        Reply created = api.post("/api/v1/products", "{\"productKey\":\"" + pk + "\",\"name\":\"Sensor\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        Reply registered = api.post("/api/v1/products/" + pk + "/devices", "{\"deviceName\":\"sensor-1\"}");
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        tagsPath = "/api/v1/devices/" + pk + "/sensor-1/tags";
        tagsKey = "device-tags/" + pk + "/sensor-1";
    }

    @Test
    void newDevice_hasNoTags_andNothingPublished() {
        Reply tags = api.get(tagsPath);

        assertThat(tags.status()).as(tags.toString()).isEqualTo(200);
        assertThat(tags.json().size()).isZero();
        assertThat(RegistryTopic.values(PARTS.kafkaBootstrap(), tagsKey)).isEmpty();
    }

    @Test
    void put_setsAllTags_andPublishesThemToTheRegistryBeforeAnswering() {
        Reply put = api.put(tagsPath, "{\"room\":\"kitchen\",\"floor\":\"2\"}");

        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().path("room").asString()).isEqualTo("kitchen");
        assertThat(api.get(tagsPath).json().path("floor").asString()).isEqualTo("2");
        List<JsonNode> records = RegistryTopic.values(PARTS.kafkaBootstrap(), tagsKey);
        assertThat(records).hasSize(1);
        JsonNode entry = records.get(0);
        assertThat(entry.path("kind").asString()).isEqualTo("device-tags");
        assertThat(entry.path("productKey").asString()).isEqualTo(pk);
        assertThat(entry.path("deviceName").asString()).isEqualTo("sensor-1");
        assertThat(entry.path("tags").path("room").asString()).isEqualTo("kitchen");
        assertThat(entry.path("tags").path("floor").asString()).isEqualTo("2");
        assertThat(entry.path("updatedAt").asLong()).isPositive();
        assertThat(entry.has("deviceSecret")).as("no secret travels with tags").isFalse();
    }

    @Test
    void put_replaces_patchMerges_andNullRemoves_eachChangeCarryingAllTags() {
        api.put(tagsPath, "{\"room\":\"kitchen\",\"floor\":\"2\"}");

        Reply patched = api.patch(tagsPath, "{\"room\":\"hall\",\"floor\":null,\"owner\":\"ana\"}");

        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.body()).isEqualTo("{\"owner\":\"ana\",\"room\":\"hall\"}");
        Reply replaced = api.put(tagsPath, "{\"zone\":\"b\"}");
        assertThat(replaced.body()).isEqualTo("{\"zone\":\"b\"}");
        List<JsonNode> records = RegistryTopic.values(PARTS.kafkaBootstrap(), tagsKey);
        assertThat(records).hasSize(3);
        assertThat(records.get(1).path("tags").toString()).isEqualTo("{\"owner\":\"ana\",\"room\":\"hall\"}");
        assertThat(records.get(2).path("tags").toString()).isEqualTo("{\"zone\":\"b\"}");
    }

    @Test
    void aChangeThatLeavesTheTagsAsTheyWere_publishesNothing() {
        api.put(tagsPath, "{\"room\":\"kitchen\"}");

        assertThat(api.put(tagsPath, "{\"room\":\"kitchen\"}").status()).isEqualTo(200);
        assertThat(api.patch(tagsPath, "{\"room\":\"kitchen\",\"gone\":null}").status()).isEqualTo(200);
        assertThat(api.delete(tagsPath + "/nosuchtag").status()).isEqualTo(204);

        assertThat(RegistryTopic.values(PARTS.kafkaBootstrap(), tagsKey)).hasSize(1);
    }

    @Test
    void delete_oneTag_thenAll_publishesWhatIsLeft_endingWithNoTags() {
        api.put(tagsPath, "{\"room\":\"kitchen\",\"floor\":\"2\"}");

        assertThat(api.delete(tagsPath + "/floor").status()).isEqualTo(204);
        assertThat(api.get(tagsPath).body()).isEqualTo("{\"room\":\"kitchen\"}");
        assertThat(api.delete(tagsPath).status()).isEqualTo(204);
        assertThat(api.get(tagsPath).body()).isEqualTo("{}");

        List<JsonNode> records = RegistryTopic.values(PARTS.kafkaBootstrap(), tagsKey);
        assertThat(records).hasSize(3);
        assertThat(records.get(1).path("tags").toString()).isEqualTo("{\"room\":\"kitchen\"}");
        assertThat(records.get(2)).as("no tags is an entry with none, so rule jobs see the change in time")
                .isNotNull();
        assertThat(records.get(2).path("tags").size()).isZero();
    }

    @Test
    void badTags_answer400ProblemsNamingEachOne_andPublishNothing() {
        Reply refused = api.put(tagsPath, "{\"1room\":\"x\",\"r\":\"x\",\"room-no\":\"x\",\"abc\":\"x\","
                + "\"empty\":\"\",\"long\":\"" + "x".repeat(129) + "\"}");

        assertProblem(refused, 400);
        assertThat(refused.json().path("title").asString()).isEqualTo("Invalid device tags");
        assertThat(refused.json().path("errors").toString())
                .contains("tag key '1room' must be 2-32 letters and digits, not starting with a digit")
                .contains("tag key 'r' must be").contains("tag key 'room-no' must be")
                .contains("tag key 'abc' is reserved")
                .contains("tag 'empty' has a value of 0 characters; a value is 1-128 characters")
                .contains("tag 'long' has a value of 129 characters");
        assertProblem(api.put(tagsPath, "{\"room\":3}"), 400);
        assertProblem(api.put(tagsPath, "{\"room\":null}"), 400);
        assertProblem(api.put(tagsPath, "[\"room\"]"), 400);
        assertProblem(api.patch(tagsPath, "{\"room\":{\"a\":\"b\"}}"), 400);
        assertThat(api.put(tagsPath, "{\"k" + "x".repeat(31) + "\":\"" + "é".repeat(128) + "\"}").status())
                .as("the longest key and value are accepted").isEqualTo(200);
        assertThat(RegistryTopic.values(PARTS.kafkaBootstrap(), tagsKey)).hasSize(1);
    }

    @Test
    void moreThan100Tags_refused_inOneRequestOrInTotal() {
        String hundred = IntStream.range(0, 100).mapToObj(i -> "\"t" + i + "\":\"v\"")
                .collect(Collectors.joining(",", "{", "}"));
        assertThat(api.put(tagsPath, hundred).status()).isEqualTo(200);

        Reply oneMore = api.patch(tagsPath, "{\"extra\":\"v\"}");

        assertProblem(oneMore, 409);
        assertThat(oneMore.json().path("detail").asString()).contains("would have 101 tags; a device has at most 100");
        String hundredAndOne = IntStream.range(0, 101).mapToObj(i -> "\"u" + i + "\":\"v\"")
                .collect(Collectors.joining(",", "{", "}"));
        assertProblem(api.put(tagsPath, hundredAndOne), 400);
        assertThat(api.get(tagsPath).json().size()).isEqualTo(100);
    }

    @Test
    void unknownDevice_answers404Problem() {
        String other = "/api/v1/devices/" + pk + "/nobody/tags";

        assertProblem(api.get(other), 404);
        assertProblem(api.put(other, "{\"room\":\"x\"}"), 404);
        assertProblem(api.patch(other, "{\"room\":\"x\"}"), 404);
        assertProblem(api.delete(other), 404);
        assertThat(RegistryTopic.values(PARTS.kafkaBootstrap(), "device-tags/" + pk + "/nobody")).isEmpty();
    }

    @Test
    void deletingTheDevice_deletesItsTags_andTombstonesThem() {
        api.put(tagsPath, "{\"room\":\"kitchen\"}");

        assertThat(api.delete("/api/v1/devices/" + pk + "/sensor-1").status()).isEqualTo(204);

        List<JsonNode> records = RegistryTopic.values(PARTS.kafkaBootstrap(), tagsKey);
        assertThat(records).hasSize(2);
        assertThat(records.get(1)).as("a tombstone").isNull();
        assertThat(api.post("/api/v1/products/" + pk + "/devices", "{\"deviceName\":\"sensor-1\"}").status())
                .isEqualTo(201);
        assertThat(api.get(tagsPath).body()).as("a device added again starts without tags").isEqualTo("{}");
    }
}
