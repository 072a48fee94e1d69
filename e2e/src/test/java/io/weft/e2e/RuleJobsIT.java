package io.weft.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.controlplane.flink.FlinkRest;
import io.weft.core.json.Json;
import io.weft.standalone.WeftStandalone;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Rule jobs supervised by the control plane, end to end on standalone Weft: two rules in different groups, started
 * over REST, each run by its group's {@code RuleGroupJob} on Flink, their results (from an Alibaba-signed Eclipse
 * Paho device's property posts) on their Kafka topics, read with read_committed. Updating one rule redeploys only
 * its group from a savepoint: its results follow the new SQL from the next posts on, with none lost or repeated,
 * while the other group's job keeps its id and its output has no gap and no duplicate. Stopping a rule ends its
 * group's job.
 */
class RuleJobsIT {
    static final String TSL = """
            {"properties":[
              {"identifier":"temperature","name":"Temperature","accessMode":"r",
               "dataType":{"type":"float","specs":{"min":"-40","max":"120"}}},
              {"identifier":"seq","name":"Sequence","accessMode":"r",
               "dataType":{"type":"int","specs":{"min":"0","max":"1000000"}}}]}""";

    @RegisterExtension
    static final SharedWeft WEFT = new SharedWeft();
    static WeftStandalone weft;
    static WeftApi api;
    static String productKey;

    private int seq;

    @BeforeAll
    static void createProduct() {
        weft = WEFT.weft();
        api = WEFT.api();
        productKey = api.createUniqueProduct("rj", "Thermometer", TSL);
    }

    @Test
    void updatingOneRule_redeploysOnlyItsGroup_andTheOtherGroupsOutputHasNoGapsOrDuplicates() throws Exception {
        TestDevice device = api.registerDevice(productKey, "room-1");
        String topicA = "rules-a-" + productKey;
        String topicB = "rules-b-" + productKey;
        String a = "hot-" + productKey;
        assertThat(api.post("/api/v1/rules", rule(a, "temperature > 30", topicA)).status()).isEqualTo(201);
        String b = ruleInAnotherGroupThan(a, topicB);

        assertStarted(a);
        assertStarted(b);
        JsonNode statusA = status(a);
        JsonNode statusB = status(b);
        assertThat(statusA.path("jobState").asString()).isEqualTo("RUNNING");
        assertThat(statusB.path("jobState").asString()).isEqualTo("RUNNING");
        assertThat(statusA.path("jobId").asString()).isNotEqualTo(statusB.path("jobId").asString());
        String jobA = statusA.path("jobId").asString();
        String jobB = statusB.path("jobId").asString();

        List<JsonNode> resultsA = new ArrayList<>();
        List<JsonNode> resultsB = new ArrayList<>();
        int firstAfterUpdate;
        try (PahoDevice paho = PahoDevice.connect(weft.config().mqttPort(), device);
             KafkaConsumer<String, String> consumerA = CommittedConsumers.subscribe(weft, topicA);
             KafkaConsumer<String, String> consumerB = CommittedConsumers.subscribe(weft, topicB)) {
            // Post (one per poll) until both rules have results: the jobs read from the latest offsets on.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                post(paho, device);
                drain(consumerA, resultsA);
                drain(consumerB, resultsB);
                return resultsA.size() >= 3 && resultsB.size() >= 3;
            });
            assertThat(resultsA).extracting(r -> r.path("t").asDouble()).contains(40.0, 60.0);

            WeftApi.Response updated = api.put("/api/v1/rules/" + a, rule(a, "temperature > 50", topicA));
            assertThat(updated.status()).as(updated.body()).isEqualTo(200);
            assertThat(updated.json().path("version").asInt()).isEqualTo(2);
            firstAfterUpdate = seq + 1;
            int settled = firstAfterUpdate + 6;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                post(paho, device);
                drain(consumerA, resultsA);
                drain(consumerB, resultsB);
                return maxSeq(resultsA) >= settled && maxSeq(resultsB) >= settled;
            });
        }

        JsonNode afterA = status(a);
        JsonNode afterB = status(b);
        assertThat(afterB.path("jobId").asString()).as("the other group's job").isEqualTo(jobB);
        assertThat(afterB.path("jobState").asString()).isEqualTo("RUNNING");
        assertThat(afterA.path("jobId").asString()).as("the updated rule's group job").isNotEqualTo(jobA);
        assertThat(afterA.path("version").asInt()).isEqualTo(2);

        List<Integer> seqsB = resultsB.stream().map(r -> r.path("seq").asInt()).toList();
        int firstB = seqsB.get(0);
        assertThat(seqsB).as("rule B's results: every post once, in order, across A's redeploy")
                .containsExactlyElementsOf(range(firstB, seqsB.get(seqsB.size() - 1)));

        List<Integer> seqsA = resultsA.stream().map(r -> r.path("seq").asInt()).toList();
        assertThat(seqsA).as("rule A's results: none repeated").doesNotHaveDuplicates();
        int lastA = seqsA.get(seqsA.size() - 1);
        int fromUpdate = firstAfterUpdate;
        List<Integer> hotAfterUpdate = new ArrayList<>();
        for (int s = firstAfterUpdate; s <= lastA; s++) {
            if (temperature(s) > 50) {
                hotAfterUpdate.add(s);
            }
        }
        assertThat(seqsA.stream().filter(s -> s >= fromUpdate).toList())
                .as("rule A after the update: exactly the posts above 50, none lost")
                .containsExactlyElementsOf(hotAfterUpdate);

        // Flink's REST API refreshes job metrics every 10 s (metrics.fetcher.update-interval).
        int resultsOfB = seqsB.size();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            JsonNode counted = status(b);
            assertThat(counted.path("recordsIn").asLong()).as("records in of B's job: " + counted)
                    .isGreaterThanOrEqualTo(resultsOfB);
            assertThat(counted.path("recordsOut").asLong()).as("records out of B's job: " + counted)
                    .isGreaterThanOrEqualTo(resultsOfB);
        });

        FlinkRest flink = new FlinkRest(URI.create("http://127.0.0.1:" + weft.config().flinkRestPort()));
        String jobA2 = afterA.path("jobId").asString();
        assertThat(api.post("/api/v1/rules/" + a + "/stop", "").json().path("state").asString()).isEqualTo("stopped");
        JsonNode stoppedA = status(a);
        assertThat(stoppedA.path("jobId").isNull()).as(stoppedA.toString()).isTrue();
        assertThat(flink.state(jobA2)).isEqualTo("FINISHED");
        assertThat(status(b).path("jobId").asString()).isEqualTo(jobB);
        assertThat(flink.state(jobB)).isEqualTo("RUNNING");

        assertThat(api.post("/api/v1/rules/" + b + "/stop", "").status()).isEqualTo(200);
        assertThat(flink.state(jobB)).isEqualTo("FINISHED");
    }

    /** Creates rule B (every post) with an id whose group differs from {@code a}'s. */
    private static String ruleInAnotherGroupThan(String a, String topic) {
        String groupA = status(a).path("group").asString();
        for (int i = 0; ; i++) {
            String b = "all-" + i + "-" + productKey;
            assertThat(api.post("/api/v1/rules", rule(b, "temperature > 0", topic)).status()).isEqualTo(201);
            if (!status(b).path("group").asString().equals(groupA)) {
                return b;
            }
            assertThat(api.delete("/api/v1/rules/" + b).status()).isEqualTo(204);
        }
    }

    private static void assertStarted(String id) {
        WeftApi.Response started = api.post("/api/v1/rules/" + id + "/start", "");
        assertThat(started.status()).as(started.body()).isEqualTo(200);
        assertThat(started.json().path("state").asString()).isEqualTo("started");
    }

    private static JsonNode status(String id) {
        WeftApi.Response status = api.get("/api/v1/rules/" + id + "/status");
        assertThat(status.status()).as(status.body()).isEqualTo(200);
        return status.json();
    }

    private static String rule(String id, String where, String topic) {
        String sql = "SELECT seq, temperature AS t, deviceName() AS dn FROM \"/" + productKey
                + "/+/thing/event/property/post\" WHERE " + where;
        return "{\"id\":\"" + id + "\",\"name\":\"" + id + "\",\"productKey\":\"" + productKey + "\",\"sql\":"
                + Json.writeString(sql) + ",\"destinations\":[{\"type\":\"kafka\",\"topic\":\"" + topic + "\"}]}";
    }

    /** Posts the next sequence number; odd ones are 60 degrees, even ones 40. */
    private void post(PahoDevice paho, TestDevice device) throws MqttException {
        seq++;
        paho.publish(device.postTopic(), "{\"id\":\"" + seq + "\",\"version\":\"1.0\",\"params\":{\"seq\":" + seq
                + ",\"temperature\":" + temperature(seq) + "},\"method\":\"thing.event.property.post\"}", 1);
    }

    private static double temperature(int seq) {
        return seq % 2 == 1 ? 60.0 : 40.0;
    }

    private static int maxSeq(List<JsonNode> results) {
        return results.stream().mapToInt(r -> r.path("seq").asInt()).max().orElse(0);
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> all = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            all.add(i);
        }
        return all;
    }

    private static void drain(KafkaConsumer<String, String> consumer, List<JsonNode> into) {
        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(50))) {
            into.add(Json.tree(record.value()));
        }
    }

}
