package io.weft.controlplane.product;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.controlplane.Api.Reply;
import io.weft.controlplane.OnRealParts;
import io.weft.controlplane.RegistryTopic;
import io.weft.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Products over REST on the real app: a product is created from Alibaba TSL JSON, answered with its exported
 * thing model, and announced on the compacted {@code weft.registry} topic before the answer; every refusal is an
 * RFC 9457 problem and leaves neither a row nor a registry record behind.
 */
class ProductApiIT extends OnRealParts {
    /** A thing model as Alibaba's console exports it, built-ins included (they are derived, not imported). */
    static final String TSL = """
            {"schema":"https://iotx-tsl.oss-ap-southeast-1.aliyuncs.com/schema.json",
             "profile":{"productKey":"ignored"},
             "properties":[
               {"identifier":"Temp","name":"Temperature","accessMode":"r","required":false,
                "dataType":{"type":"float","specs":{"min":"-40","max":"120","step":"0.01","unit":"°C","unitName":"Celsius"}}},
               {"identifier":"Humidity","name":"Humidity","accessMode":"r",
                "dataType":{"type":"int","specs":{"min":"0","max":"100","step":"1"}}},
               {"identifier":"Label","name":"Label","accessMode":"rw","dataType":{"type":"text","specs":{"length":"32"}}},
               {"identifier":"Switch","name":"Power","accessMode":"rw","dataType":{"type":"bool","specs":{"0":"off","1":"on"}}},
               {"identifier":"Mode","name":"Mode","accessMode":"rw","dataType":{"type":"enum","specs":{"0":"auto","1":"eco"}}},
               {"identifier":"Position","name":"Position","accessMode":"r","dataType":{"type":"struct","specs":[
                 {"identifier":"lat","name":"Latitude","dataType":{"type":"double","specs":{"min":"-90","max":"90"}}},
                 {"identifier":"lon","name":"Longitude","dataType":{"type":"double","specs":{"min":"-180","max":"180"}}}]}}],
             "events":[
               {"identifier":"post","name":"post","type":"info","required":true,"method":"thing.event.property.post",
                "outputData":[]},
               {"identifier":"Overheat","name":"Overheat","type":"alert","method":"thing.event.Overheat.post",
                "outputData":[{"identifier":"Temp","name":"Temperature","dataType":{"type":"float","specs":{}}}]}],
             "services":[
               {"identifier":"set","name":"set","required":true,"callType":"async","method":"thing.service.property.set",
                "inputData":[],"outputData":[]},
               {"identifier":"get","name":"get","required":true,"callType":"async","method":"thing.service.property.get",
                "inputData":[],"outputData":[]},
               {"identifier":"Reboot","name":"Reboot","callType":"sync","method":"thing.service.Reboot",
                "inputData":[{"identifier":"delay","name":"Delay","dataType":{"type":"int","specs":{"min":"0"}}}],
                "outputData":[]}]}""";

    static String createBody(String productKey, String name, String thingModel) {
        return "{" + (productKey == null ? "" : "\"productKey\":\"" + productKey + "\",")
                + (name == null ? "" : "\"name\":" + Json.writeString(name) + ",")
                + "\"thingModel\":" + thingModel + "}";
    }

    @Test
    void create_withAlibabaTsl_answers201WithVersion1AndExportedModel_andPublishesItToRegistry() {
        String pk = uniqueKey("prod");

        Reply created = api.post("/api/v1/products", createBody(pk, "Thermometer", TSL));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.contentType()).startsWith("application/json");
        JsonNode body = created.json();
        assertThat(body.path("productKey").asString()).isEqualTo(pk);
        assertThat(body.path("name").asString()).isEqualTo("Thermometer");
        assertThat(body.path("version").asLong()).isEqualTo(1);
        assertThat(body.path("createdAt").asString()).isNotBlank();
        JsonNode model = body.path("thingModel");
        assertThat(model.path("schema").asString()).isEqualTo("https://iotx-tsl.oss-ap-southeast-1.aliyuncs.com/schema.json");
        assertThat(model.path("profile").path("productKey").asString()).as("profile carries the product's key").isEqualTo(pk);
        assertThat(identifiers(model.path("properties")))
                .containsExactly("Temp", "Humidity", "Label", "Switch", "Mode", "Position");
        JsonNode temp = model.path("properties").get(0);
        assertThat(temp.path("accessMode").asString()).isEqualTo("r");
        assertThat(temp.path("dataType").path("type").asString()).isEqualTo("float");
        assertThat(temp.path("dataType").path("specs").path("max").asString()).isEqualTo("120");
        assertThat(temp.path("dataType").path("specs").path("unit").asString()).isEqualTo("°C");

        // Built-ins are generated from the properties, once each, next to the custom event and service.
        assertThat(identifiers(model.path("events"))).containsExactly("post", "Overheat");
        JsonNode post = model.path("events").get(0);
        assertThat(post.path("method").asString()).isEqualTo("thing.event.property.post");
        assertThat(identifiers(post.path("outputData")))
                .containsExactly("Temp", "Humidity", "Label", "Switch", "Mode", "Position");
        assertThat(model.path("events").get(1).path("method").asString()).isEqualTo("thing.event.Overheat.post");
        assertThat(identifiers(model.path("services"))).containsExactly("set", "get", "Reboot");
        JsonNode set = model.path("services").get(0);
        assertThat(set.path("method").asString()).isEqualTo("thing.service.property.set");
        assertThat(identifiers(set.path("inputData"))).as("only rw properties can be set")
                .containsExactly("Label", "Switch", "Mode");
        JsonNode get = model.path("services").get(1);
        assertThat(get.path("method").asString()).isEqualTo("thing.service.property.get");
        assertThat(identifiers(get.path("outputData")))
                .containsExactly("Temp", "Humidity", "Label", "Switch", "Mode", "Position");

        List<JsonNode> records = RegistryTopic.values(PARTS.kafkaBootstrap(), "product/" + pk);
        assertThat(records).as("one registry record for the new product").hasSize(1);
        JsonNode entry = records.get(0);
        assertThat(entry.path("kind").asString()).isEqualTo("product");
        assertThat(entry.path("productKey").asString()).isEqualTo(pk);
        assertThat(entry.path("name").asString()).isEqualTo("Thermometer");
        assertThat(entry.path("version").asLong()).isEqualTo(1);
        assertThat(Json.tree(entry.path("thingModel").asString()))
                .as("the registry carries the same TSL the API answered").isEqualTo(model);

        Reply fetched = api.get("/api/v1/products/" + pk);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json().path("thingModel")).isEqualTo(model);
    }

    @Test
    void create_withoutProductKey_generatesOneLikeAlibabas() {
        Reply created = api.post("/api/v1/products", createBody(null, "No key", TSL));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String pk = created.json().path("productKey").asString();
        assertThat(pk).hasSize(11).startsWith("a1").matches("[A-Za-z0-9]{11}");
        assertThat(created.json().path("thingModel").path("profile").path("productKey").asString()).isEqualTo(pk);
        assertThat(api.get("/api/v1/products/" + pk).status()).isEqualTo(200);
        assertThat(RegistryTopic.values(PARTS.kafkaBootstrap(), "product/" + pk)).hasSize(1);
    }

    @Test
    void create_withoutThingModel_makesAnEmptyModelWithTheBuiltIns() {
        String pk = uniqueKey("empt");

        Reply created = api.post("/api/v1/products", "{\"productKey\":\"" + pk + "\",\"name\":\"Bare\"}");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode model = created.json().path("thingModel");
        assertThat(model.path("properties").size()).isZero();
        assertThat(identifiers(model.path("events"))).containsExactly("post");
        assertThat(identifiers(model.path("services"))).containsExactly("set", "get");
    }

    @Test
    void create_withInvalidTsl_answers400ProblemListingEveryBrokenProperty() {
        String pk = uniqueKey("bad");
        String broken = """
                {"properties":[
                  {"identifier":"bad id!","dataType":{"type":"int","specs":{}}},
                  {"identifier":"Temp","dataType":{"type":"decimal","specs":{}}},
                  {"identifier":"Range","dataType":{"type":"int","specs":{"min":"10","max":"1"}}},
                  {"identifier":"Label","dataType":{"type":"text","specs":{"length":"0"}}},
                  {"identifier":"Mode","dataType":{"type":"enum","specs":{}}},
                  {"identifier":"Level","dataType":{"type":"int","specs":{"max":"ten"}}}]}""";

        Reply refused = api.post("/api/v1/products", createBody(pk, "Broken", broken));

        assertProblem(refused, 400);
        JsonNode problem = refused.json();
        assertThat(problem.path("title").asString()).isEqualTo("Invalid thing model");
        List<Map.Entry<String, String>> errors = new ArrayList<>();
        for (JsonNode error : problem.path("errors")) {
            assertThat(error.path("reason").asString()).as("every error has a reason: " + error).isNotBlank();
            errors.add(Map.entry(error.path("path").asString(), error.path("reason").asString()));
        }
        assertThat(errors).extracting(Map.Entry::getKey).containsExactlyInAnyOrder(
                "properties[0].identifier",
                "properties[1].dataType.type",
                "properties[2].dataType.specs",
                "properties[3].dataType.specs.length",
                "properties[4].dataType.specs",
                "properties[5].dataType.specs.max");
        assertThat(errors).contains(Map.entry("properties[2].dataType.specs", "min is above max"));
        assertThat(problem.path("detail").asString()).startsWith("6 problem(s)");

        assertNotCreated(pk);
    }

    @Test
    void create_withThingModelThatIsNotAnObject_answers400Problem() {
        String pk = uniqueKey("arr");

        Reply refused = api.post("/api/v1/products", createBody(pk, "Array", "[1,2]"));

        assertProblem(refused, 400);
        assertThat(refused.json().path("errors").get(0).path("path").asString()).isEqualTo("$");
        assertNotCreated(pk);
    }

    @Test
    void create_withMalformedProductKey_answers400Problem() {
        for (String pk : List.of("no spaces!", "abc", "a".repeat(33), "semi;colon")) {
            Reply refused = api.post("/api/v1/products", createBody(pk, "Bad key", TSL));

            assertProblem(refused, 400);
            assertThat(refused.json().path("detail").asString()).contains("productKey");
            assertThat(RegistryTopic.values(PARTS.kafkaBootstrap(), "product/" + pk)).isEmpty();
        }
    }

    @Test
    void create_withTakenProductKey_answers409Problem_andPublishesNothingMore() {
        String pk = uniqueKey("dup");
        assertThat(api.post("/api/v1/products", createBody(pk, "First", TSL)).status()).isEqualTo(201);

        Reply again = api.post("/api/v1/products", createBody(pk, "Second", "{}"));

        assertProblem(again, 409);
        assertThat(again.json().path("title").asString()).isEqualTo("Conflict");
        assertThat(api.get("/api/v1/products/" + pk).json().path("name").asString()).isEqualTo("First");
        List<JsonNode> records = RegistryTopic.values(PARTS.kafkaBootstrap(), "product/" + pk);
        assertThat(records).hasSize(1);
        assertThat(records.get(0).path("name").asString()).isEqualTo("First");
    }

    @Test
    void create_withoutName_answers400Problem() {
        String pk = uniqueKey("noname");

        assertProblem(api.post("/api/v1/products", createBody(pk, null, TSL)), 400);
        assertProblem(api.post("/api/v1/products", createBody(pk, "  ", TSL)), 400);

        assertNotCreated(pk);
    }

    /** Names up to 128 characters are stored; a longer one is the caller's mistake (400), not a server error. */
    @Test
    void create_withNameLongerThan128Characters_answers400Problem() {
        String fits = uniqueKey("long");
        assertThat(api.post("/api/v1/products", createBody(fits, "n".repeat(128), TSL)).status()).isEqualTo(201);
        String pk = uniqueKey("long");

        Reply refused = api.post("/api/v1/products", createBody(pk, "n".repeat(129), TSL));

        assertProblem(refused, 400);
        assertNotCreated(pk);
    }

    @Test
    void create_withMalformedJson_answers400Problem() {
        assertProblem(api.post("/api/v1/products", "{\"productKey\":"), 400);
    }

    @Test
    void get_unknownProduct_answers404Problem() {
        Reply missing = api.get("/api/v1/products/nosuchproduct");

        assertProblem(missing, 404);
        assertThat(missing.json().path("title").asString()).isEqualTo("Not found");
    }

    @Test
    void updateThingModel_answersVersion2_andPublishesANewRegistryRecord() {
        String pk = uniqueKey("upd");
        assertThat(api.post("/api/v1/products", createBody(pk, "Meter", TSL)).status()).isEqualTo(201);
        String changed = """
                {"properties":[
                  {"identifier":"Temp","name":"Temperature","accessMode":"r","dataType":{"type":"double","specs":{}}},
                  {"identifier":"Voltage","name":"Voltage","accessMode":"r","dataType":{"type":"float","specs":{"unit":"V"}}}]}""";

        Reply updated = api.put("/api/v1/products/" + pk + "/thing-model", changed);

        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().path("version").asLong()).isEqualTo(2);
        assertThat(updated.json().path("name").asString()).isEqualTo("Meter");
        JsonNode model = updated.json().path("thingModel");
        assertThat(identifiers(model.path("properties"))).containsExactly("Temp", "Voltage");
        assertThat(model.path("profile").path("productKey").asString()).isEqualTo(pk);
        assertThat(api.get("/api/v1/products/" + pk).json().path("version").asLong()).isEqualTo(2);

        List<JsonNode> records = RegistryTopic.values(PARTS.kafkaBootstrap(), "product/" + pk);
        assertThat(records).extracting(r -> r.path("version").asLong()).containsExactly(1L, 2L);
        assertThat(Json.tree(records.get(1).path("thingModel").asString())).isEqualTo(model);
    }

    @Test
    void updateThingModel_withInvalidTsl_answers400Problem_andKeepsVersion1() {
        String pk = uniqueKey("updbad");
        assertThat(api.post("/api/v1/products", createBody(pk, "Meter", TSL)).status()).isEqualTo(201);

        Reply refused = api.put("/api/v1/products/" + pk + "/thing-model",
                "{\"properties\":[{\"identifier\":\"X\",\"dataType\":{\"type\":\"nope\"}}]}");

        assertProblem(refused, 400);
        assertThat(refused.json().path("errors").get(0).path("path").asString())
                .isEqualTo("properties[0].dataType.type");
        assertThat(api.get("/api/v1/products/" + pk).json().path("version").asLong()).isEqualTo(1);
        assertThat(RegistryTopic.values(PARTS.kafkaBootstrap(), "product/" + pk)).hasSize(1);
    }

    @Test
    void updateThingModel_ofUnknownProduct_answers404Problem() {
        assertProblem(api.put("/api/v1/products/nosuchproduct/thing-model", "{}"), 404);
    }

    private void assertNotCreated(String pk) {
        assertThat(api.get("/api/v1/products/" + pk).status()).as("product " + pk + " must not exist").isEqualTo(404);
        assertThat(RegistryTopic.values(PARTS.kafkaBootstrap(), "product/" + pk)).isEmpty();
    }

    static List<String> identifiers(JsonNode list) {
        List<String> ids = new ArrayList<>();
        for (JsonNode item : list) {
            ids.add(item.isString() ? item.asString() : item.path("identifier").asString());
        }
        return ids;
    }
}
