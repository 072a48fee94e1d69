package io.weft.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.core.json.Json;
import io.weft.standalone.WeftStandalone;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Scene linkage end to end on standalone Weft: a scene "temperature > 30 → set the fan's PowerSwitch to 1" created
 * and started over REST runs as its rule's job on Flink; device A (an Alibaba-signed Eclipse Paho client) posts 25,
 * which sets nothing, then 35, and device B (another Paho client, subscribed to its property-set topic as Alibaba's
 * SDKs are) receives the Alink request {@code thing.service.property.set} with {@code {"PowerSwitch":1}} and
 * answers it on {@code set_reply}, which the edge takes (PUBACK) without closing its connection.
 *
 * <p>The scene has a second action, setting B's {@code LastTemperature} to the trigger's {@code ${temperature}}: each
 * post that fires the scene is then recognisable at B. Results reach B in the order A posted (one partition per
 * device, one rule job, one session), so once B has the request for 35, a request for the 25 posted before it would
 * have arrived already.
 */
class SceneLinkageIT {
    static final String THERMOMETER = """
            {"properties":[
              {"identifier":"temperature","name":"Temperature","accessMode":"r",
               "dataType":{"type":"float","specs":{"min":"-40","max":"120"}}}]}""";
    static final String FAN = """
            {"properties":[
              {"identifier":"PowerSwitch","name":"Power","accessMode":"rw",
               "dataType":{"type":"bool","specs":{"0":"off","1":"on"}}},
              {"identifier":"LastTemperature","name":"Last temperature","accessMode":"rw",
               "dataType":{"type":"float","specs":{"min":"-40","max":"120"}}}]}""";

    @RegisterExtension
    static final SharedWeft WEFT = new SharedWeft();

    @Test
    void propertyPostOfDeviceA_makesDeviceBReceiveAPropertySet_overMqtt() throws Exception {
        WeftStandalone weft = WEFT.weft();
        WeftApi api = WEFT.api();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String thermometers = api.createProduct("th" + tag, "Thermometer", THERMOMETER);
        String fans = api.createProduct("fan" + tag, "Fan", FAN);
        TestDevice a = api.registerDevice(thermometers, "sensor-a");
        TestDevice b = api.registerDevice(fans, "fan-b");
        String setTopic = "/sys/" + fans + "/fan-b/thing/service/property/set";

        WeftApi.Response created = api.post("/api/v1/scenes", """
                {"id":"fan-%s","name":"Fan on when hot",
                 "trigger":{"type":"property","productKey":"%s","deviceName":"sensor-a","property":"temperature",
                            "operator":">","value":30},
                 "actions":[{"type":"setProperty","productKey":"%s","deviceName":"fan-b","params":{"PowerSwitch":1}},
                            {"type":"setProperty","productKey":"%s","deviceName":"fan-b",
                             "params":{"LastTemperature":"${temperature}"}}]}"""
                .formatted(tag, thermometers, fans, fans));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("sql").asString()).isEqualTo("SELECT temperature, deviceName() AS deviceName "
                + "FROM \"/" + thermometers + "/sensor-a/thing/event/property/post\" WHERE temperature > 30");
        WeftApi.Response started = api.post("/api/v1/scenes/fan-" + tag + "/start", "");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        assertThat(started.json().path("state").asString()).isEqualTo("started");
        JsonNode status = api.get("/api/v1/scenes/fan-" + tag + "/status").json();
        assertThat(status.path("rule").path("jobState").asString()).as(status.toString()).isEqualTo("RUNNING");

        List<JsonNode> atB = new CopyOnWriteArrayList<>();
        try (PahoDevice sensor = PahoDevice.connect(weft.config().mqttPort(), a);
             PahoDevice fan = PahoDevice.connect(weft.config().mqttPort(), b)) {
            fan.client.subscribe(setTopic, 1, (topic, message) -> atB.add(Json.tree(new String(message.getPayload(),
                    StandardCharsets.UTF_8))));
            // The rule job reads from the latest offsets once it runs: post 31 until the scene fires once.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                post(sensor, a, 31);
                return !atB.isEmpty();
            });

            post(sensor, a, 25);
            post(sensor, a, 35);

            await().atMost(Duration.ofSeconds(30)).until(() -> atB.stream().anyMatch(m -> lastTemperature(m) == 35));
            assertThat(atB).as("nothing for the post of 25").noneMatch(m -> lastTemperature(m) == 25);
            int at35 = indexOfLastTemperature(atB, 35);
            JsonNode powerOn = atB.get(at35 - 1);
            assertThat(powerOn.path("method").asString()).isEqualTo("thing.service.property.set");
            assertThat(powerOn.path("version").asString()).isEqualTo("1.0");
            assertThat(powerOn.path("id").asString()).matches("[0-9]{1,10}");
            assertThat(powerOn.path("params")).isEqualTo(Json.tree("{\"PowerSwitch\":1}"));

            // Answered as Alibaba's SDKs answer a property set; QoS 1, so publish returns once the edge has it.
            fan.publish(setTopic + "_reply", "{\"id\":\"" + powerOn.path("id").asString()
                    + "\",\"code\":200,\"data\":{},\"message\":\"success\",\"version\":\"1.0\"}", 1);
            assertThat(fan.client.isConnected()).isTrue();
            assertThat(fan.awaitConnectionLost(Duration.ofMillis(500))).as("B's connection after its reply").isFalse();
        }
        assertThat(api.post("/api/v1/scenes/fan-" + tag + "/stop", "").json().path("state").asString())
                .isEqualTo("stopped");
    }

    private static void post(PahoDevice sensor, TestDevice device, double temperature) throws Exception {
        sensor.publish(device.postTopic(), "{\"id\":\"1\",\"version\":\"1.0\",\"params\":{\"temperature\":"
                + temperature + "},\"method\":\"thing.event.property.post\"}", 1);
    }

    private static double lastTemperature(JsonNode message) {
        return message.path("params").path("LastTemperature").asDouble(Double.NaN);
    }

    private static int indexOfLastTemperature(List<JsonNode> messages, double value) {
        for (int i = 0; i < messages.size(); i++) {
            if (lastTemperature(messages.get(i)) == value) {
                return i;
            }
        }
        throw new AssertionError("no LastTemperature " + value + " in " + messages);
    }
}
