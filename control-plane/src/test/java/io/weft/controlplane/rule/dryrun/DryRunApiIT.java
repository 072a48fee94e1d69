package io.weft.controlplane.rule.dryrun;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.controlplane.Api;
import io.weft.controlplane.OnRealParts;
import io.weft.core.envelope.Telemetry;
import io.weft.core.json.Json;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.tsl.PropertyPoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/v1/rules/{id}/dry-run} and {@code POST /api/v1/rules/dry-run} on the real app: the rule runs in a
 * local Flink environment over sample posts or over {@code weft.telemetry} on the real Kafka, nothing is sent to its
 * destinations, and the answer has the results it would have emitted and a verdict for every message.
 */
class DryRunApiIT extends OnRealParts {
    private String pk;

    @BeforeEach
    void product() throws Exception {
        pk = uniqueKey("dry");
        String tsl = Files.readString(Path.of("..", "sql-rules", "src", "test", "resources", "thermostat-tsl.json"));
        Api.Reply created = api.post("/api/v1/products", "{\"productKey\":\"" + pk + "\",\"name\":\"Thermostat\","
                + "\"thingModel\":" + tsl + "}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    /**
     * Verifies a stored rule over samples: the match is the one result, with the JSON the live job writes; a false
     * condition, an unknown one (the post lacks the property) and an invalid sample (a property the thing model does
     * not have, with Alibaba's code 6304... as a device would get it) are not matched, each saying why.
     */
    @Test
    void storedRule_overSamples_answersTheResultsAndWhyEachMessageMatchedOrNot() {
        Api.Reply rule = api.post("/api/v1/rules", """
                {"id":"hot-%1$s","name":"Too hot","productKey":"%1$s",
                 "sql":"SELECT temperature AS t, deviceName() AS dn FROM \\"/%1$s/+/thing/event/property/post\\" WHERE temperature > 38 AND humidity < 50",
                 "destinations":[{"type":"kafka","topic":"hot-out"}]}""".formatted(pk));
        assertThat(rule.status()).as(rule.toString()).isEqualTo(201);

        Api.Reply answer = api.post("/api/v1/rules/hot-" + pk + "/dry-run", """
                {"messages":[
                  {"deviceName":"d1","time":1700000000000,"params":{"temperature":39.5,"humidity":40}},
                  {"deviceName":"d2","time":1700000001000,"params":{"temperature":20.0,"humidity":40}},
                  {"deviceName":"d1","time":1700000002000,"params":{"temperature":41.0}},
                  {"deviceName":"d1","time":1700000003000,"params":{"pressure":1013}}
                ]}""");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode json = answer.json();
        assertThat(json.get("ruleId").asString()).isEqualTo("hot-" + pk);
        assertThat(json.get("conditions").toString()).isEqualTo("[\"temperature > 38\",\"humidity < 50\"]");
        assertThat(json.get("results").toString()).isEqualTo("[{\"t\":39.5,\"dn\":\"d1\",\"ruleId\":\"hot-" + pk
                + "\",\"productKey\":\"" + pk + "\",\"deviceName\":\"d1\"}]");
        JsonNode messages = json.get("messages");
        assertThat(messages.size()).isEqualTo(4);
        assertThat(messages.get(0).get("matched").asBoolean()).isTrue();
        assertThat(messages.get(0).get("eventTime").asLong()).isEqualTo(1700000000000L);
        assertThat(messages.get(1).get("matched").asBoolean()).isFalse();
        assertThat(messages.get(1).get("reason").asString()).isEqualTo("temperature > 38 is false");
        assertThat(messages.get(1).get("falseConditions").toString()).isEqualTo("[\"temperature > 38\"]");
        assertThat(messages.get(2).get("reason").asString())
                .isEqualTo("humidity < 50 is unknown (NULL: a value it reads is absent)");
        assertThat(messages.get(2).get("unknownConditions").toString()).isEqualTo("[\"humidity < 50\"]");
        assertThat(messages.get(3).get("index").asInt()).isEqualTo(3);
        assertThat(messages.get(3).get("matched").asBoolean()).isFalse();
        assertThat(messages.get(3).get("code").asInt()).isEqualTo(6304);
        assertThat(messages.get(3).get("reason").asString())
                .isEqualTo("invalid post: pressure: property 'pressure' is not defined in the thing model");
    }

    /** Verifies an unsaved Flink SQL rule: its results, and no per-message verdict. */
    @Test
    void unsavedFlinkSqlRule_overSamples_answersItsResults() {
        Api.Reply answer = api.post("/api/v1/rules/dry-run", """
                {"dialect":"flink","productKey":"%1$s",
                 "sql":"SELECT device_name, MAX(temperature) AS top FROM TABLE(TUMBLE(TABLE product_%1$s, DESCRIPTOR(event_time), INTERVAL '1' MINUTE)) GROUP BY device_name, window_start, window_end",
                 "messages":[
                  {"deviceName":"d1","time":1700000000000,"params":{"temperature":21.5}},
                  {"deviceName":"d1","time":1700000010000,"params":{"temperature":23.0}}
                ]}""".formatted(pk));

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().get("ruleId").asString()).isEqualTo("dry-run");
        assertThat(answer.json().get("dialect").asString()).isEqualTo("flink");
        assertThat(answer.json().get("results").toString()).isEqualTo("[{\"device_name\":\"d1\",\"top\":23.0,"
                + "\"ruleId\":\"dry-run\",\"productKey\":\"" + pk + "\",\"deviceName\":\"d1\"}]");
        assertThat(answer.json().get("messages").get(0).get("matched").isNull()).isTrue();
    }

    /**
     * Verifies a dry run over a time range of weft.telemetry on the real Kafka: only the records written within it
     * are read, and the answer says which offsets.
     */
    @Test
    void unsavedRule_overATimeRangeOfHistory_readsOnlyThatRange() throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, PARTS.kafkaBootstrap(), ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new ByteArraySerializer())) {
            send(producer, 1, 39.0);
            long from = nextMillisecond();
            send(producer, 2, 40.0);
            send(producer, 3, 10.0);
            long to = nextMillisecond();
            send(producer, 4, 45.0);

            Api.Reply answer = api.post("/api/v1/rules/dry-run", """
                    {"productKey":"%1$s","from":%2$d,"to":%3$d,
                     "sql":"SELECT temperature AS t FROM \\"/%1$s/+/thing/event/property/post\\" WHERE temperature > 38"}"""
                    .formatted(pk, from, to));

            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.json().get("results").toString()).isEqualTo("[{\"t\":40.0,\"ruleId\":\"dry-run\","
                    + "\"productKey\":\"" + pk + "\",\"deviceName\":\"d1\"}]");
            List<JsonNode> ours = answer.json().get("messages").valueStream()
                    .filter(m -> m.get("productKey").asString().equals(pk)).toList();
            assertThat(ours).extracting(m -> m.get("matched").asBoolean()).containsExactly(true, false);
            assertThat(answer.json().get("read").has("0")).isTrue();
        }
    }

    /**
     * Verifies that a rule on device status is stored, and that its dry run is a 400 saying why: a dry run replays
     * posts, not devices going online or offline.
     */
    @Test
    void statusRule_isStored_butItsDryRunIs400WithTheReason() {
        Api.Reply rule = api.post("/api/v1/rules", """
                {"id":"gone-%1$s","name":"Offline","productKey":"%1$s",
                 "sql":"SELECT deviceName() AS dn, status FROM \\"/as/mqtt/status/%1$s/+\\" WHERE status = 'offline'",
                 "destinations":[{"type":"kafka","topic":"gone-out"}]}""".formatted(pk));
        assertThat(rule.status()).as(rule.toString()).isEqualTo(201);

        Api.Reply answer = api.post("/api/v1/rules/gone-" + pk + "/dry-run",
                "{\"messages\":[{\"deviceName\":\"d1\",\"params\":{\"temperature\":39.5}}]}");

        assertProblem(answer, 400);
        assertThat(answer.json().get("detail").asString()).isEqualTo("rule gone-" + pk + " reads device status "
                + "(/as/mqtt/status/...), and a dry run replays property and event posts only (sample posts or "
                + "weft.telemetry history), not devices going online or offline; start the rule with a Kafka "
                + "destination to see its results");
    }

    @Test
    void unknownRule_is404() {
        assertProblem(api.post("/api/v1/rules/nope-" + pk + "/dry-run", "{\"messages\":[]}"), 404);
    }

    @Test
    void noInput_orTwoInputs_is400() {
        Api.Reply none = api.post("/api/v1/rules/dry-run", "{\"productKey\":\"" + pk + "\",\"sql\":\"SELECT "
                + "temperature FROM \\\"/" + pk + "/+/thing/event/property/post\\\"\"}");
        assertProblem(none, 400);
        assertThat(none.json().get("detail").asString()).startsWith("give exactly one of messages");
        assertProblem(api.post("/api/v1/rules/dry-run", "{\"productKey\":\"" + pk + "\",\"sql\":\"SELECT "
                + "temperature FROM \\\"/" + pk + "/+/thing/event/property/post\\\"\",\"messages\":[],\"from\":1,"
                + "\"to\":2}"), 400);
    }

    private void send(KafkaProducer<String, byte[]> producer, long id, double temperature) throws Exception {
        Telemetry t = new Telemetry(id, pk, "d1", Telemetry.PROPERTY, null,
                List.of(new PropertyPoint("temperature", temperature, 1_700_000_000_000L + id)), 1_700_000_000_000L);
        producer.send(new ProducerRecord<>(WeftTopics.DEFAULT.telemetry(), pk + "/d1", Json.write(t))).get();
    }

    private static long nextMillisecond() {
        long now = System.currentTimeMillis();
        return Awaitility.await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(1))
                .until(System::currentTimeMillis, t -> t > now);
    }
}
