package io.weft.controlplane.topicclass;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.controlplane.Api;
import io.weft.controlplane.OnRealParts;
import io.weft.controlplane.RegistryTopic;
import io.weft.core.json.Json;
import io.weft.core.registry.RegistryEntry;
import io.weft.core.registry.TopicClassesEntry;
import io.weft.core.topic.TopicClass;
import io.weft.core.topic.TopicOperation;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/products/{pk}/topic-classes} on the real app, PostgreSQL and Kafka: a new product has Alibaba's
 * default classes; every create, update and delete answers only once the product's whole class list is on
 * {@code weft.registry} as a {@code topic-classes/{pk}} entry; bad classes are problems.
 */
class TopicClassApiIT extends OnRealParts {
    private String pk;

    @BeforeEach
    void product() {
        pk = uniqueKey("tc");
        assertThat(api.post("/api/v1/products", "{\"productKey\":\"" + pk + "\",\"name\":\"Topics\"}").status())
                .isEqualTo(201);
    }

    @Test
    void newProduct_hasAlibabasDefaults_andNeedsNoRegistryEntryForThem() {
        Api.Reply list = api.get(path());

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.json().values()).extracting(c -> c.path("name").asString() + " " + c.path("operation")
                .asString()).containsExactlyElementsOf(TopicClass.DEFAULTS.stream()
                .map(c -> c.name() + " " + c.operation()).toList());
        assertThat(list.json().get(1).path("template").asString())
                .isEqualTo("/" + pk + "/${deviceName}/user/update/error");
        assertThat(RegistryTopic.values(PARTS.kafkaBootstrap(), RegistryEntry.topicClassesKey(pk))).isEmpty();
    }

    @Test
    void create_thenListedAndTheWholeListIsInTheRegistry() {
        Api.Reply created = api.post(path(), "{\"name\":\"sensors/+/reading\",\"operation\":\"sub\","
                + "\"description\":\"per-sensor readings\"}");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode body = created.json();
        assertThat(body.path("id").asLong()).isPositive();
        assertThat(body.path("operation").asString()).isEqualTo("SUB");
        assertThat(body.path("template").asString()).isEqualTo("/" + pk + "/${deviceName}/user/sensors/+/reading");
        assertThat(api.get(path()).json().values()).hasSize(4);
        assertThat(registryEntry().classes()).containsExactly(
                new TopicClass("update", TopicOperation.PUB, null),
                new TopicClass("update/error", TopicOperation.PUB, null),
                new TopicClass("get", TopicOperation.SUB, null),
                new TopicClass("sensors/+/reading", TopicOperation.SUB, "per-sensor readings"));
    }

    @Test
    void update_thenTheRegistryHasTheNewList() {
        long id = api.get(path()).json().get(2).path("id").asLong();

        Api.Reply updated = api.put(path() + "/" + id, "{\"name\":\"get\",\"operation\":\"ALL\"}");

        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().path("operation").asString()).isEqualTo("ALL");
        assertThat(registryEntry().classes()).contains(new TopicClass("get", TopicOperation.ALL, null))
                .doesNotContain(new TopicClass("get", TopicOperation.SUB, null));
    }

    @Test
    void delete_thenGoneFromTheListAndTheRegistry() {
        long id = api.get(path()).json().get(0).path("id").asLong();

        assertThat(api.delete(path() + "/" + id).status()).isEqualTo(204);

        assertThat(api.get(path()).json().values()).extracting(c -> c.path("name").asString())
                .containsExactly("update/error", "get");
        assertThat(registryEntry().classes()).extracting(TopicClass::name).containsExactly("update/error", "get");
        assertProblem(api.delete(path() + "/" + id), 404);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"name\":\"a/+\",\"operation\":\"PUB\"}",      // wildcard outside a SUB class
            "{\"name\":\"a/#\",\"operation\":\"ALL\"}",
            "{\"name\":\"a/#/b\",\"operation\":\"SUB\"}",    // '#' not last
            "{\"name\":\"a//b\",\"operation\":\"SUB\"}",     // empty level
            "{\"name\":\"/a\",\"operation\":\"SUB\"}",
            "{\"name\":\"a-b\",\"operation\":\"PUB\"}",      // character outside [A-Za-z0-9_]
            "{\"name\":\"\",\"operation\":\"PUB\"}",
            "{\"operation\":\"PUB\"}",
            "{\"name\":\"a\"}",
            "{\"name\":\"a\",\"operation\":\"PUBLISH\"}"})
    void create_whenTheClassIsInvalid_thenProblem400WithTheReasons(String body) {
        Api.Reply answer = api.post(path(), body);

        assertProblem(answer, 400);
        assertThat(answer.json().path("title").asString()).isEqualTo("Invalid topic class");
        assertThat(answer.json().path("errors").isArray()).isTrue();
        assertThat(api.get(path()).json().values()).hasSize(3);
    }

    @Test
    void create_whenTheNameIsTaken_thenProblem409() {
        assertProblem(api.post(path(), "{\"name\":\"get\",\"operation\":\"PUB\"}"), 409);
    }

    @Test
    void create_beyondFiftyClasses_thenProblem409() {
        for (int i = TopicClass.DEFAULTS.size(); i < TopicClass.MAX_PER_PRODUCT; i++) {
            assertThat(api.post(path(), "{\"name\":\"c" + i + "\",\"operation\":\"PUB\"}").status()).isEqualTo(201);
        }

        Api.Reply answer = api.post(path(), "{\"name\":\"one_too_many\",\"operation\":\"PUB\"}");

        assertProblem(answer, 409);
        assertThat(answer.json().path("title").asString()).isEqualTo("Too many topic classes");
        assertThat(registryEntry().classes()).hasSize(TopicClass.MAX_PER_PRODUCT);
    }

    @Test
    void unknownProduct_isProblem404() {
        assertProblem(api.get("/api/v1/products/nosuchprod/topic-classes"), 404);
        assertProblem(api.post("/api/v1/products/nosuchprod/topic-classes", "{\"name\":\"a\",\"operation\":\"PUB\"}"),
                404);
    }

    private String path() {
        return "/api/v1/products/" + pk + "/topic-classes";
    }

    /** The latest {@code topic-classes/{pk}} entry on the registry topic. */
    private TopicClassesEntry registryEntry() {
        List<JsonNode> values = RegistryTopic.values(PARTS.kafkaBootstrap(), RegistryEntry.topicClassesKey(pk));
        assertThat(values).isNotEmpty();
        return (TopicClassesEntry) Json.read(Json.writeString(values.get(values.size() - 1)), RegistryEntry.class);
    }
}
