package io.weft.controlplane.rule;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.controlplane.Api;
import io.weft.controlplane.OnRealParts;
import io.weft.core.json.Json;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/rules} on the real app and PostgreSQL: a rule is stored only when its SQL compiles against its
 * product's thing model and its destinations can deliver; bad SQL is a problem+json answer whose problems carry the
 * kind, line, column and a message an analyst understands; every update is a new version, old ones kept, and
 * {@code If-Match} refuses a change based on a version that is not current.
 */
class RuleApiIT extends OnRealParts {
    private String pk;

    @BeforeEach
    void product() {
        pk = uniqueKey("rule");
        Api.Reply created = api.post("/api/v1/products", "{\"productKey\":\"" + pk + "\",\"name\":\"Thermostat\","
                + "\"thingModel\":" + Thermostat.tsl() + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    @Test
    void create_withASyntaxError_thenProblemWithLineColumnAndMessage() {
        Api.Reply answer = api.post("/api/v1/rules", rule("hot", """
                SELECT temperature
                FROM "/%s/+/thing/event/property/post"
                WHERE temperature >""".formatted(pk)));

        assertBadSql(answer, "SYNTAX", 3, 19, "syntax error: the rule ends too early");
        assertProblem(api.get("/api/v1/rules/hot"), 404);
    }

    @Test
    void create_withAnUnknownProperty_thenProblemNamingItAndTheCloseOne() {
        Api.Reply answer = api.post("/api/v1/rules", rule("hot", """
                SELECT temprature AS t
                FROM "/%s/+/thing/event/property/post\"""".formatted(pk)));

        assertBadSql(answer, "UNKNOWN_PROPERTY", 1, 8,
                "'temprature' is not a property in the thing model (did you mean 'temperature'?)");
    }

    @Test
    void create_withATypeMismatch_thenProblemNamingBothSides() {
        Api.Reply answer = api.post("/api/v1/rules", rule("hot", """
                SELECT temperature
                FROM "/%s/+/thing/event/property/post"
                WHERE label > 38""".formatted(pk)));

        assertBadSql(answer, "TYPE_MISMATCH", 3, 7, "cannot compare the text property 'label' with the number 38");
    }

    @Test
    void create_withAnUnknownFunction_thenProblemPointingToTheList() {
        Api.Reply answer = api.post("/api/v1/rules", rule("hot", """
                SELECT round(energy) AS e
                FROM "/%s/+/thing/event/property/post\"""".formatted(pk)));

        assertBadSql(answer, "UNKNOWN_FUNCTION", 1, 8,
                "'round' is not a function of Alibaba's rule SQL; see docs/rules.md for the list");
    }

    @Test
    void create_thenGetListAndETag_andStoppedAtVersion1() {
        Api.Reply created = api.post("/api/v1/rules", rule("hot-" + pk, hotSql()));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/rules/hot-" + pk);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        JsonNode body = created.json();
        assertThat(body.path("version").asInt()).isEqualTo(1);
        assertThat(body.path("dialect").asString()).isEqualTo("alibaba");
        assertThat(body.path("state").asString()).isEqualTo("stopped");
        assertThat(body.path("destinations").get(0).path("type").asString()).isEqualTo("kafka");
        assertThat(body.path("errorDestination").path("topic").asString()).isEqualTo("rule-errors");

        Api.Reply got = api.get("/api/v1/rules/hot-" + pk);
        assertThat(got.json()).isEqualTo(body);
        assertThat(got.header("ETag")).isEqualTo("\"1\"");
        assertThat(api.get("/api/v1/rules?productKey=" + pk).json().values()).extracting(r -> r.path("id").asString())
                .containsExactly("hot-" + pk);
        assertThat(api.get("/api/v1/rules").json().values()).extracting(r -> r.path("id").asString())
                .contains("hot-" + pk);
    }

    @Test
    void create_withoutId_thenAnAlibabaStyleIdIsGenerated_andATakenIdIsAConflict() {
        Api.Reply created = api.post("/api/v1/rules", rule(null, hotSql()));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asString();
        assertThat(id).matches("r[a-km-zA-HJ-NP-Z2-9]{11}");
        assertProblem(api.post("/api/v1/rules", rule(id, hotSql())), 409);
    }

    @Test
    void update_thenNewVersion_andTheOldOneKept() {
        String id = "ver-" + pk;
        api.post("/api/v1/rules", rule(id, hotSql()));
        String cooler = hotSql("30");

        Api.Reply updated = api.send("PUT", "/api/v1/rules/" + id, rule(id, cooler), "If-Match", "\"1\"");

        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.header("ETag")).isEqualTo("\"2\"");
        assertThat(updated.json().path("sql").asString()).isEqualTo(cooler);
        assertThat(api.get("/api/v1/rules/" + id + "/versions").json().values())
                .extracting(v -> v.path("version").asInt() + " " + v.path("sql").asString())
                .containsExactly("1 " + hotSql(), "2 " + cooler);
        assertThat(api.get("/api/v1/rules/" + id + "/versions/1").json().path("sql").asString()).isEqualTo(hotSql());
        assertProblem(api.get("/api/v1/rules/" + id + "/versions/3"), 404);
    }

    @Test
    void update_basedOnAnOldVersion_thenPreconditionFailed_andNothingChanged() {
        String id = "stale-" + pk;
        api.post("/api/v1/rules", rule(id, hotSql()));
        api.put("/api/v1/rules/" + id, rule(id, hotSql("39")));

        Api.Reply stale = api.send("PUT", "/api/v1/rules/" + id, rule(id, hotSql("40")),
                "If-Match", "\"1\"");

        assertProblem(stale, 412);
        assertThat(stale.json().path("detail").asString()).isEqualTo("rule " + id + " is at version 2, not 1; get it "
                + "again and reapply your change");
        assertThat(stale.json().path("currentVersion").asInt()).isEqualTo(2);
        assertThat(api.get("/api/v1/rules/" + id).json().path("sql").asString()).contains("> 39");
    }

    @Test
    void concurrentUpdates_ofTheSameVersion_thenExactlyOneWins() {
        String id = "race-" + pk;
        api.post("/api/v1/rules", rule(id, hotSql()));

        List<Integer> statuses = IntStream.range(0, 6).mapToObj(i -> CompletableFuture.supplyAsync(() ->
                        api.send("PUT", "/api/v1/rules/" + id, rule(id, hotSql("5" + i)),
                                "If-Match", "\"1\"").status()))
                .toList().stream().map(CompletableFuture::join).toList();

        assertThat(statuses).containsOnly(200, 412).filteredOn(s -> s == 200).hasSize(1);
        assertThat(api.get("/api/v1/rules/" + id + "/versions").json().values()).hasSize(2);
    }

    @Test
    void delete_thenGoneWithItsVersions() {
        String id = "del-" + pk;
        api.post("/api/v1/rules", rule(id, hotSql()));

        assertProblem(api.send("DELETE", "/api/v1/rules/" + id, null, "If-Match", "\"7\""), 412);
        assertThat(api.delete("/api/v1/rules/" + id).status()).isEqualTo(204);

        assertProblem(api.get("/api/v1/rules/" + id), 404);
        assertProblem(api.get("/api/v1/rules/" + id + "/versions"), 404);
        assertProblem(api.delete("/api/v1/rules/" + id), 404);
    }

    @Test
    void validate_thenTheFlinkSqlOrTheProblems() {
        Api.Reply valid = api.post("/api/v1/rules/validate", "{\"productKey\":\"" + pk + "\",\"sql\":"
                + Json.writeString(hotSql()) + "}");

        assertThat(valid.status()).as(valid.toString()).isEqualTo(200);
        JsonNode compiled = valid.json();
        assertThat(compiled.path("valid").asBoolean()).isTrue();
        assertThat(compiled.path("views").get(0).asString()).startsWith("CREATE TEMPORARY VIEW `product_" + pk + "`");
        assertThat(compiled.path("query").asString()).isEqualTo("SELECT `temperature` AS `t`, `device_name` AS `dn`"
                + ", `device_name` AS `_weft_device_name`, `event_time` AS `_weft_event_time`\n"
                + "FROM `product_" + pk + "`\nWHERE (`temperature` > 38)");
        assertThat(compiled.path("outputs").values()).extracting(JsonNode::asString).containsExactly("t", "dn");

        Api.Reply invalid = api.post("/api/v1/rules/validate", "{\"productKey\":\"" + pk + "\",\"sql\":"
                + Json.writeString("SELECT mod(humidity) AS m FROM \"/" + pk + "/+/thing/event/property/post\"") + "}");
        assertBadSql(invalid, "WRONG_ARITY", 1, 8, "mod takes 2 arguments, not 1: mod(n, m)");
    }

    @Test
    void unknownProduct_isProblem404() {
        String sql = "SELECT humidity FROM \"/nosuchprod/+/thing/event/property/post\"";

        assertProblem(api.post("/api/v1/rules", "{\"name\":\"n\",\"productKey\":\"nosuchprod\",\"sql\":"
                + Json.writeString(sql) + "}"), 404);
        assertProblem(api.post("/api/v1/rules/validate", "{\"productKey\":\"nosuchprod\",\"sql\":"
                + Json.writeString(sql) + "}"), 404);
        assertProblem(api.get("/api/v1/rules?productKey=nosuchprod"), 404);
    }

    @Test
    void create_withBadDestinations_thenEveryProblemAtItsPath_andBadSqlBesides() {
        Api.Reply answer = api.post("/api/v1/rules", """
                {"id":"dest","name":"Hot","productKey":"%s","sql":%s,
                 "destinations":[{"type":"kafka","topic":"hot rooms"},
                                 {"type":"webhook","url":"ftp://example.com/x"},
                                 {"type":"device","productKey":"a1fan","deviceName":"fan1","topic":"/a1fan/fan2/user/get"},
                                 {"type":"alert","name":"hot","severity":"urgent"}],
                 "errorDestination":{"type":"kafka"}}""".formatted(pk, Json.writeString(
                "SELECT temprature FROM \"/" + pk + "/+/thing/event/property/post\"")));

        assertProblem(answer, 400);
        JsonNode problem = answer.json();
        assertThat(problem.path("title").asString()).isEqualTo("Invalid rule");
        assertThat(problem.path("problems").values()).extracting(p -> p.path("kind").asString())
                .containsExactly("UNKNOWN_PROPERTY");
        assertThat(problem.path("errors").values()).extracting(e -> e.path("path").asString() + ": "
                + e.path("reason").asString()).containsExactly(
                "destinations[0].topic: 'hot rooms' is not a Kafka topic name: 1 to 249 letters, digits, '.', '_' or "
                        + "'-', and not '.' or '..'",
                "destinations[1].url: 'ftp://example.com/x' is not an http or https URL",
                "destinations[2].topic: '/a1fan/fan2/user/get' is not a topic of device a1fan/fan1",
                "destinations[3].severity: must be one of [critical, major, minor, warning, info], not 'urgent'",
                "errorDestination.topic: is required");
        assertProblem(api.get("/api/v1/rules/dest"), 404);
    }

    /**
     * Verifies that a store destination is accepted when the control plane has a store for rule results
     * ({@code weft.rules.store-http}, set here as standalone sets it), and read back as written; without a Kafka
     * error destination, for the results its table cannot hold, it is refused at that path.
     */
    @Test
    void create_withAStoreDestination_whenAStoreIsConfigured_thenStored_andItNeedsAKafkaErrorTopic() {
        String sql = Json.writeString(hotSql());
        Api.Reply created = api.post("/api/v1/rules", """
                {"id":"stored-%s","name":"Hot","productKey":"%s","sql":%s,
                 "destinations":[{"type":"store","table":"hot_rooms"}],
                 "errorDestination":{"type":"kafka","topic":"rule-errors"}}""".formatted(pk, pk, sql));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("destinations").toString())
                .isEqualTo("[{\"type\":\"store\",\"table\":\"hot_rooms\"}]");
        assertThat(api.get("/api/v1/rules/stored-" + pk).json().path("destinations"))
                .isEqualTo(created.json().path("destinations"));

        Api.Reply refused = api.post("/api/v1/rules", """
                {"id":"unstored-%s","name":"Hot","productKey":"%s","sql":%s,
                 "destinations":[{"type":"store","table":"hot_rooms"}]}""".formatted(pk, pk, sql));
        assertProblem(refused, 400);
        assertThat(refused.json().path("errors").values()).extracting(e -> e.path("path").asString() + ": "
                + e.path("reason").asString()).containsExactly("errorDestination: a rule with a store destination "
                + "needs a Kafka topic here: the results its table cannot hold (a column whose type changed) are "
                + "written to it as dead letters");
    }

    /**
     * Verifies the write-time checks of device actions through the API: a property set and a service call whose
     * targets exist, whose params are writable properties or service inputs, whose constants fit the thing model and
     * whose ${column}s are outputs of the rule are stored; each thing wrong otherwise is named at its path.
     */
    @Test
    void deviceActions_storedWhenTheyFitTheTarget_andEachMistakeNamedAtItsPath() {
        String fan = uniqueKey("fan");
        Api.Reply product = api.post("/api/v1/products", "{\"productKey\":\"" + fan + "\",\"name\":\"Fan\","
                + "\"thingModel\":" + FAN_TSL + "}");
        assertThat(product.status()).as(product.toString()).isEqualTo(201);
        assertThat(api.post("/api/v1/products/" + fan + "/devices", "{\"deviceName\":\"fan1\"}").status())
                .isEqualTo(201);
        String sql = Json.writeString("SELECT temperature AS t, deviceName() AS dn FROM \"/" + pk
                + "/+/thing/event/property/post\" WHERE temperature > 30");

        Api.Reply stored = api.post("/api/v1/rules", """
                {"id":"fan-on","name":"Fan on","productKey":"%s","sql":%s,
                 "destinations":[{"type":"setProperty","productKey":"%s","deviceName":"fan1","params":{"PowerSwitch":1}},
                                 {"type":"invokeService","productKey":"%s","deviceName":"fan1","service":"Boost","params":{"level":"${t}"}}]}"""
                .formatted(pk, sql, fan, fan));
        assertThat(stored.status()).as(stored.toString()).isEqualTo(201);
        assertThat(stored.json().path("destinations")).isEqualTo(Json.tree("""
                [{"type":"setProperty","productKey":"%s","deviceName":"fan1","params":{"PowerSwitch":1}},
                 {"type":"invokeService","productKey":"%s","deviceName":"fan1","service":"Boost","params":{"level":"${t}"}}]"""
                .formatted(fan, fan)));

        Api.Reply refused = api.post("/api/v1/rules", """
                {"id":"fan-bad","name":"Fan","productKey":"%s","sql":%s,
                 "destinations":[{"type":"setProperty","productKey":"%s","deviceName":"fan9","params":{"PowerSwitch":1,"Rpm":1,"Speed":7}},
                                 {"type":"invokeService","productKey":"%s","deviceName":"fan1","service":"Spin","params":{"x":1}},
                                 {"type":"setProperty","productKey":"a1none","deviceName":"fan1","params":{"PowerSwitch":1}}]}"""
                .formatted(pk, sql, fan, fan));
        assertProblem(refused, 400);
        assertThat(refused.json().path("title").asString()).isEqualTo("Invalid rule");
        assertThat(refused.json().path("errors").values()).extracting(e -> e.path("path").asString() + ": "
                + e.path("reason").asString()).containsExactly(
                "destinations[0].deviceName: device " + fan + "/fan9 does not exist",
                "destinations[0].params.Rpm: 'Rpm' is a read-only property (accessMode r): a device does not take it"
                        + " in a property set",
                "destinations[0].params.Speed: 7 is outside [0, 3]",
                "destinations[1].service: 'Spin' is not a service of product " + fan + "; its services are [Boost]",
                "destinations[2].productKey: product 'a1none' does not exist");
        assertProblem(api.get("/api/v1/rules/fan-bad"), 404);

        Api.Reply badColumn = api.post("/api/v1/rules", """
                {"id":"fan-col","name":"Fan","productKey":"%s","sql":%s,
                 "destinations":[{"type":"setProperty","productKey":"%s","deviceName":"fan1","params":{"Speed":"${speed}"}}]}"""
                .formatted(pk, sql, fan));
        assertProblem(badColumn, 400);
        assertThat(badColumn.json().path("errors").values()).extracting(e -> e.path("path").asString() + ": "
                + e.path("reason").asString()).containsExactly(
                "destinations[0].params.Speed: '${speed}' is not a column of the rule's results; they are [t, dn]");
    }

    /** A fan: PowerSwitch (bool, rw), Speed (int 0..3, rw), Rpm (int, r), service Boost(level). */
    static final String FAN_TSL = """
            {"profile":{"productKey":"fan"},
             "properties":[
               {"identifier":"PowerSwitch","name":"Power","accessMode":"rw","dataType":{"type":"bool","specs":{"0":"off","1":"on"}}},
               {"identifier":"Speed","name":"Speed","accessMode":"rw","dataType":{"type":"int","specs":{"min":"0","max":"3","step":"1"}}},
               {"identifier":"Rpm","name":"Rpm","accessMode":"r","dataType":{"type":"int","specs":{"min":"0","max":"9000"}}}],
             "services":[{"identifier":"Boost","name":"Boost","callType":"async","method":"thing.service.Boost",
               "inputData":[{"identifier":"level","name":"Level","dataType":{"type":"float","specs":{"min":"0","max":"100"}}}],
               "outputData":[]}],
             "events":[]}""";

    @Test
    void create_withFieldsMissingOrWrong_thenEachNamed() {
        Api.Reply answer = api.post("/api/v1/rules", "{\"id\":\"no way\",\"dialect\":\"spark\"}");

        assertProblem(answer, 400);
        assertThat(answer.json().path("detail").asString())
                .isEqualTo("id: must be 1 to 64 letters, digits, '_' or '-', not 'no way'");
        assertThat(answer.json().path("problems").values()).isEmpty();
        assertThat(answer.json().path("errors").values()).extracting(e -> e.path("path").asString() + ": "
                + e.path("reason").asString()).containsExactly(
                "id: must be 1 to 64 letters, digits, '_' or '-', not 'no way'",
                "name: is required, at most 128 characters",
                "productKey: is required",
                "dialect: must be alibaba or flink, not 'spark'",
                "sql: is required");
    }

    @Test
    void flinkDialect_windowedRuleStored_andAnUnknownColumnAtItsPosition() {
        String windowed = "SELECT window_start, device_name, AVG(temperature) AS avg_t\n"
                + "FROM TABLE(TUMBLE(TABLE product_" + pk + ", DESCRIPTOR(event_time), INTERVAL '1' MINUTE))\n"
                + "GROUP BY window_start, window_end, device_name";
        Api.Reply created = api.post("/api/v1/rules", "{\"name\":\"w\",\"dialect\":\"flink\",\"productKey\":\""
                + pk + "\",\"sql\":" + Json.writeString(windowed) + "}");

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("dialect").asString()).isEqualTo("flink");

        Api.Reply invalid = api.post("/api/v1/rules/validate", "{\"dialect\":\"flink\",\"productKey\":\"" + pk
                + "\",\"sql\":" + Json.writeString("SELECT device_name,\n       temprature\nFROM product_" + pk)
                + "}");
        assertBadSql(invalid, "UNKNOWN_PROPERTY", 2, 8,
                "'temprature' is not a column of product_" + pk + " (did you mean 'temperature'?)");
    }

    @Test
    void deployment_startWithoutFlink_status_andARuleTheThingModelNoLongerFits() {
        String id = "dep-" + pk;
        api.post("/api/v1/rules", rule(id, hotSql()));

        JsonNode deployed = api.get("/api/v1/rules/" + id + "/deployment").json();
        assertThat(deployed.path("version").asInt()).isEqualTo(1);
        assertThat(deployed.path("views").get(0).asString()).startsWith("CREATE TEMPORARY VIEW `product_" + pk + "`");
        assertThat(deployed.path("outputs").values()).extracting(JsonNode::asString).containsExactly("t", "dn");
        assertThat(deployed.path("destinations").get(0).path("topic").asString()).isEqualTo("hot-rooms");
        // This control plane has no Flink to run rule jobs on (weft.rules.* not set): start says so, records nothing.
        Api.Reply unavailable = api.post("/api/v1/rules/" + id + "/start");
        assertProblem(unavailable, 503);
        assertThat(unavailable.json().path("title").asString()).isEqualTo("Rule jobs not available");
        assertThat(api.get("/api/v1/rules/" + id).json().path("state").asString()).isEqualTo("stopped");
        assertThat(api.post("/api/v1/rules/" + id + "/stop").json().path("state").asString()).isEqualTo("stopped");
        JsonNode status = api.get("/api/v1/rules/" + id + "/status").json();
        assertThat(status.path("state").asString()).isEqualTo("stopped");
        assertThat(status.path("group").asString()).matches("g[0-3]");
        assertThat(status.path("jobId").isNull()).isTrue();

        assertThat(api.put("/api/v1/products/" + pk + "/thing-model", "{\"properties\":[]}").status()).isEqualTo(200);
        Api.Reply stale = api.get("/api/v1/rules/" + id + "/deployment");
        assertProblem(stale, 409);
        assertThat(stale.json().path("title").asString()).isEqualTo("Rule does not compile");
        assertThat(stale.json().path("problems").get(0).path("kind").asString()).isEqualTo("UNKNOWN_PROPERTY");
        assertProblem(api.post("/api/v1/rules/" + id + "/start"), 409);
        assertThat(api.get("/api/v1/rules/" + id).json().path("state").asString()).isEqualTo("stopped");
    }

    private String hotSql() {
        return hotSql("38");
    }

    /** The hot-rooms rule with another threshold (not a text replace: the product key may contain the digits). */
    private String hotSql(String threshold) {
        return "SELECT temperature AS t, deviceName() AS dn\nFROM \"/" + pk + "/+/thing/event/property/post\"\n"
                + "WHERE temperature > " + threshold;
    }

    private String rule(String id, String sql) {
        return "{" + (id == null ? "" : "\"id\":\"" + id + "\",") + "\"name\":\"Hot rooms\",\"productKey\":\"" + pk
                + "\",\"sql\":" + Json.writeString(sql) + ",\"destinations\":[{\"type\":\"kafka\",\"topic\":"
                + "\"hot-rooms\"}],\"errorDestination\":{\"type\":\"kafka\",\"topic\":\"rule-errors\"}}";
    }

    /** A 400 problem+json whose first problem is the given one, and {@code detail} says it as the docs do. */
    private static void assertBadSql(Api.Reply answer, String kind, int line, int column, String message) {
        assertProblem(answer, 400);
        JsonNode problem = answer.json();
        assertThat(problem.path("title").asString()).isEqualTo("Invalid rule");
        assertThat(problem.path("detail").asString()).isEqualTo("line " + line + ", column " + column + ": " + message);
        JsonNode first = problem.path("problems").get(0);
        assertThat(first.path("kind").asString()).isEqualTo(kind);
        assertThat(first.path("line").asInt()).isEqualTo(line);
        assertThat(first.path("column").asInt()).isEqualTo(column);
        assertThat(first.path("endLine").asInt()).isGreaterThanOrEqualTo(line);
        assertThat(first.path("endColumn").isInt()).isTrue();
        assertThat(first.path("message").asString()).isEqualTo(message);
    }
}
