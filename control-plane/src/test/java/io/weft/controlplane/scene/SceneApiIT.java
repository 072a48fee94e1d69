package io.weft.controlplane.scene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.controlplane.Api;
import io.weft.controlplane.OnRealParts;
import io.weft.core.envelope.Downlink;
import io.weft.core.json.Json;
import io.weft.core.kafka.JsonSerde;
import io.weft.core.kafka.TopicFollower;
import io.weft.core.kafka.WeftTopics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v1/scenes} on the real app, PostgreSQL and Kafka: a device-triggered scene is stored with the rule it
 * owns (its generated SQL shown), every mistake is named at its path in one problem+json answer, and a schedule scene
 * started with a cron of every second sends its property set downlinks to {@code weft.down} until it is stopped.
 */
class SceneApiIT extends OnRealParts {
    private static final List<Downlink> DOWN = new CopyOnWriteArrayList<>();
    private static TopicFollower<Downlink> follower;
    private String thermo;
    private String fan;

    @BeforeAll
    static void followWeftDown() throws InterruptedException {
        follower = new TopicFollower<>(PARTS.kafkaBootstrap(), WeftTopics.DEFAULT.down(), "weft-it-scenes",
                JsonSerde.deserializer(Downlink.class), TopicFollower.Start.END, r -> DOWN.add(r.value())).start();
        assertThat(follower.awaitReady(Duration.ofSeconds(30))).as("weft.down assigned").isTrue();
    }

    @AfterAll
    static void stopFollowing() throws InterruptedException {
        follower.close();
    }

    @BeforeEach
    void products() throws Exception {
        thermo = uniqueKey("thermo");
        fan = uniqueKey("fan");
        assertThat(api.post("/api/v1/products", "{\"productKey\":\"" + thermo + "\",\"name\":\"Thermostat\","
                + "\"thingModel\":" + java.nio.file.Files.readString(java.nio.file.Path.of("..", "sql-rules", "src",
                "test", "resources", "thermostat-tsl.json")) + "}").status()).isEqualTo(201);
        assertThat(api.post("/api/v1/products", "{\"productKey\":\"" + fan + "\",\"name\":\"Fan\",\"thingModel\":"
                + FAN_TSL + "}").status()).isEqualTo(201);
        assertThat(api.post("/api/v1/products/" + fan + "/devices", "{\"deviceName\":\"fan1\"}").status())
                .isEqualTo(201);
    }

    @Test
    void propertyScene_storedWithItsRule_showingTheGeneratedSql_andDeletedWithIt() {
        Api.Reply created = api.post("/api/v1/scenes", """
                {"id":"fan-on","name":"Fan on when hot","description":"temperature > 30 turns the fan on",
                 "trigger":{"type":"property","productKey":"%s","deviceName":"+","property":"temperature",
                            "operator":">","value":30},
                 "conditions":[{"property":"humidity","operator":"<=","value":60}],
                 "actions":[{"type":"setProperty","productKey":"%s","deviceName":"fan1","params":{"PowerSwitch":1}},
                            {"type":"alert","name":"hot","severity":"minor"}]}""".formatted(thermo, fan));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/scenes/fan-on");
        JsonNode scene = created.json();
        assertThat(scene.path("ruleId").asString()).isEqualTo("scene_fan-on");
        assertThat(scene.path("state").asString()).isEqualTo("stopped");
        assertThat(scene.path("sql").asString()).isEqualTo("SELECT temperature, humidity, deviceName() AS deviceName "
                + "FROM \"/" + thermo + "/+/thing/event/property/post\" WHERE temperature > 30 AND humidity <= 60");
        assertThat(scene.path("trigger")).isEqualTo(Json.tree("""
                {"type":"property","productKey":"%s","deviceName":"+","property":"temperature","operator":">",
                 "value":30}""".formatted(thermo)));
        Api.Reply rule = api.get("/api/v1/rules/scene_fan-on");
        assertThat(rule.status()).isEqualTo(200);
        assertThat(rule.json().path("destinations").get(0).path("type").asString()).isEqualTo("setProperty");
        assertThat(api.get("/api/v1/scenes/fan-on").json().path("sql")).isEqualTo(scene.path("sql"));

        Api.Reply updated = api.put("/api/v1/scenes/fan-on", """
                {"name":"Fan on when very hot",
                 "trigger":{"type":"property","productKey":"%s","property":"temperature","operator":">=","value":35.5},
                 "actions":[{"type":"setProperty","productKey":"%s","deviceName":"fan1","params":{"PowerSwitch":1}}]}"""
                .formatted(thermo, fan));
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.json().path("version").asInt()).isEqualTo(2);
        assertThat(updated.json().path("sql").asString()).endsWith("WHERE temperature >= 35.5");
        assertThat(api.get("/api/v1/rules/scene_fan-on").json().path("version").asInt()).isEqualTo(2);

        Api.Reply start = api.post("/api/v1/scenes/fan-on/start");
        assertProblem(start, 503);
        Api.Reply status = api.get("/api/v1/scenes/fan-on/status");
        assertThat(status.json().path("state").asString()).isEqualTo("stopped");
        assertThat(status.json().path("rule").path("group").asString()).startsWith("g");

        assertThat(api.delete("/api/v1/scenes/fan-on").status()).isEqualTo(204);
        assertProblem(api.get("/api/v1/scenes/fan-on"), 404);
        assertProblem(api.get("/api/v1/rules/scene_fan-on"), 404);
    }

    /**
     * A status scene (a device of the product goes offline) is stored as the rule on Alibaba's device-status source,
     * and that rule passes validation.
     */
    @Test
    void statusScene_storedAsARuleOnTheDeviceStatusSource() {
        Api.Reply created = api.post("/api/v1/scenes", """
                {"id":"thermo-gone","name":"Thermometer offline",
                 "trigger":{"type":"status","productKey":"%s","deviceName":"+","status":"offline"},
                 "actions":[{"type":"setProperty","productKey":"%s","deviceName":"fan1","params":{"PowerSwitch":0}},
                            {"type":"alert","name":"thermo-gone","severity":"major"}]}""".formatted(thermo, fan));

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("sql").asString()).isEqualTo("SELECT status, productKey, deviceName, "
                + "lastTime, utcLastTime, clientIp FROM \"/as/mqtt/status/" + thermo + "/+\" WHERE status = 'offline'");
        assertThat(api.get("/api/v1/rules/scene_thermo-gone").json().path("sql"))
                .isEqualTo(created.json().path("sql"));
        assertThat(api.delete("/api/v1/scenes/thermo-gone").status()).isEqualTo(204);
    }

    @Test
    void invalidScene_everyMistakeNamedAtItsPath_andNothingStored() {
        Api.Reply answer = api.post("/api/v1/scenes", """
                {"id":"bad","name":"Bad",
                 "trigger":{"type":"property","productKey":"%s","deviceName":"nobody","property":"temprature",
                            "operator":"=>","value":"hot"},
                 "conditions":[{"property":"label","operator":"==","value":3}],
                 "actions":[{"type":"setProperty","productKey":"%s","deviceName":"fan1","params":{"Rpm":1}},
                            {"type":"kafka","topic":"out"}]}""".formatted(thermo, fan));

        assertProblem(answer, 400);
        assertThat(answer.json().path("title").asString()).isEqualTo("Invalid scene");
        assertThat(answer.json().path("errors").values()).extracting(e -> e.path("path").asString() + ": "
                + e.path("reason").asString()).containsExactly(
                "trigger.deviceName: device " + thermo + "/nobody does not exist",
                "trigger.operator: must be one of >, >=, <, <=, ==, !=",
                "trigger.property: 'temprature' is not one of [temperature, humidity, label, power, mode, serviced, "
                        + "energy, position, samples]",
                "conditions[0].value: 'label' is text: compare it with text",
                "actions[1].type: must be one of setProperty, invokeService, alert, webhook",
                "actions[0].params.Rpm: 'Rpm' is a read-only property (accessMode r): a device does not take it in "
                        + "a property set");
        assertProblem(api.get("/api/v1/scenes/bad"), 404);
        assertProblem(api.get("/api/v1/rules/scene_bad"), 404);

        Api.Reply schedule = api.post("/api/v1/scenes", """
                {"name":"Bad schedule","trigger":{"type":"schedule","cron":"every day","timeZone":"Mars/Base"},
                 "conditions":[{"property":"humidity","operator":"<","value":1}],
                 "actions":[{"type":"webhook","url":"http://127.0.0.1:9/x"},
                            {"type":"setProperty","productKey":"%s","deviceName":"fan1","params":{"Speed":"${s}"}}]}"""
                .formatted(fan));
        assertProblem(schedule, 400);
        assertThat(schedule.json().path("errors").values()).extracting(e -> e.path("path").asString())
                .containsExactly("trigger.cron", "trigger.timeZone", "conditions", "actions[0]", "actions[1].params");
    }

    /**
     * Verifies a schedule scene end to end in the control plane: started with a cron of every second, it sends the
     * Alink property set to the fan on weft.down at each run; its status counts the runs; stopped, it is no longer
     * scheduled.
     */
    @Test
    void scheduleScene_everySecond_sendsThePropertySet_untilStopped() {
        Api.Reply created = api.post("/api/v1/scenes", """
                {"id":"tick-%s","name":"Fan on every second","trigger":{"type":"schedule","cron":"* * * * * *"},
                 "actions":[{"type":"setProperty","productKey":"%s","deviceName":"fan1","params":{"PowerSwitch":1,"Speed":2}},
                            {"type":"alert","name":"fan-forced","severity":"info"}]}""".formatted(fan, fan));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().path("ruleId").isNull()).isTrue();
        String id = created.json().path("id").asString();
        assertThat(api.get("/api/v1/scenes/" + id + "/status").json().path("schedule").path("nextRun").isNull())
                .isTrue();

        assertThat(api.post("/api/v1/scenes/" + id + "/start").json().path("state").asString()).isEqualTo("started");

        List<Downlink> sets = await().atMost(Duration.ofSeconds(20)).until(() -> DOWN.stream()
                .filter(d -> fan.equals(d.productKey())).toList(), l -> l.size() >= 2);
        Downlink first = sets.get(0);
        assertThat(first.deviceName()).isEqualTo("fan1");
        assertThat(first.topic()).isEqualTo("/sys/" + fan + "/fan1/thing/service/property/set");
        JsonNode alink = Json.tree(new String(first.payload(), StandardCharsets.UTF_8));
        assertThat(alink.path("method").asString()).isEqualTo("thing.service.property.set");
        assertThat(alink.path("version").asString()).isEqualTo("1.0");
        assertThat(alink.path("id").asString()).matches("[0-9]{1,10}");
        assertThat(alink.path("params")).isEqualTo(Json.tree("{\"PowerSwitch\":1,\"Speed\":2}"));
        JsonNode status = await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/scenes/" + id
                + "/status").json(), s -> s.path("schedule").path("runs").asLong() >= 2);
        assertThat(status.path("state").asString()).isEqualTo("started");
        assertThat(status.path("schedule").path("failures").asLong()).isZero();
        assertThat(status.path("schedule").path("nextRun").isString()).isTrue();

        assertThat(api.post("/api/v1/scenes/" + id + "/stop").json().path("state").asString()).isEqualTo("stopped");
        JsonNode stopped = api.get("/api/v1/scenes/" + id + "/status").json();
        assertThat(stopped.path("schedule").path("nextRun").isNull()).isTrue();
        assertThat(stopped.path("schedule").path("runs").asLong()).isZero();
    }

    static final String FAN_TSL = """
            {"profile":{"productKey":"fan"},
             "properties":[
               {"identifier":"PowerSwitch","name":"Power","accessMode":"rw","dataType":{"type":"bool","specs":{"0":"off","1":"on"}}},
               {"identifier":"Speed","name":"Speed","accessMode":"rw","dataType":{"type":"int","specs":{"min":"0","max":"3","step":"1"}}},
               {"identifier":"Rpm","name":"Rpm","accessMode":"r","dataType":{"type":"int","specs":{"min":"0","max":"9000"}}}],
             "services":[],"events":[]}""";
}
