package io.weft.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.core.json.Json;
import io.weft.standalone.WeftStandalone;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * A rule on Alibaba's device-status topic end to end on standalone Weft: started over REST, run by its group's rule
 * job over {@code weft.events}; an Alibaba-signed Eclipse Paho device connects and disconnects, and the rule's Kafka
 * topic (read with read_committed) gets the device's offline change, keyed {@code pk/dn}, and never an online one.
 */
class StatusRuleIT {
    @RegisterExtension
    static final SharedWeft WEFT = new SharedWeft();
    static WeftStandalone weft;
    static WeftApi api;
    static String productKey;

    @BeforeAll
    static void createProduct() {
        weft = WEFT.weft();
        api = WEFT.api();
        productKey = api.createUniqueProduct("st", "Lamp", "{}");
    }

    @Test
    void offlineRule_startedOverRest_getsTheDevicesDisconnection_andNoConnection() throws Exception {
        TestDevice device = api.registerDevice(productKey, "lamp-1");
        String id = "gone-" + productKey;
        String topic = "gone-" + productKey;
        String sql = "SELECT deviceName() AS dn, status, reason, utcLastTime FROM \"/as/mqtt/status/" + productKey
                + "/+\" WHERE status = 'offline'";
        WeftApi.Response created = api.post("/api/v1/rules", "{\"id\":\"" + id + "\",\"name\":\"Offline\","
                + "\"productKey\":\"" + productKey + "\",\"sql\":" + Json.writeString(sql)
                + ",\"destinations\":[{\"type\":\"kafka\",\"topic\":\"" + topic + "\"}]}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        WeftApi.Response started = api.post("/api/v1/rules/" + id + "/start", "");
        assertThat(started.status()).as(started.body()).isEqualTo(200);

        List<ConsumerRecord<String, String>> results = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = CommittedConsumers.subscribe(weft, topic)) {
            // Connect and disconnect (once per poll) until a result comes: the job reads from the latest offsets on.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                PahoDevice.connect(weft.config().mqttPort(), device).close();
                consumer.poll(Duration.ofMillis(100)).forEach(results::add);
                return !results.isEmpty();
            });
        } finally {
            api.post("/api/v1/rules/" + id + "/stop", "");
        }

        assertThat(results).allSatisfy(r -> {
            assertThat(r.key()).isEqualTo(productKey + "/lamp-1");
            JsonNode json = Json.tree(r.value());
            assertThat(json.path("dn").asString()).isEqualTo("lamp-1");
            assertThat(json.path("status").asString()).as("only offline changes match").isEqualTo("offline");
            assertThat(json.path("reason").asString()).isEqualTo("CLIENT_DISCONNECT");
            assertThat(json.path("utcLastTime").asString())
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(json.path("ruleId").asString()).isEqualTo(id);
            assertThat(json.path("productKey").asString()).isEqualTo(productKey);
            assertThat(json.path("deviceName").asString()).isEqualTo("lamp-1");
        });
    }

}
