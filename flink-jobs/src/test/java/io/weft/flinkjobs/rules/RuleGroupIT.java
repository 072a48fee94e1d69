package io.weft.flinkjobs.rules;

import static io.weft.flinkjobs.rules.Greenhouse.alibaba;
import static io.weft.flinkjobs.rules.Greenhouse.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.EdgeHeartbeat;
import io.weft.core.envelope.MessageIds;
import io.weft.core.envelope.Presence;
import io.weft.core.envelope.Telemetry;
import io.weft.core.json.Json;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.rule.AlertSignal;
import io.weft.core.rule.DeployedRule;
import io.weft.core.rule.Destination;
import io.weft.core.rule.Severity;
import io.weft.core.tsl.PropertyPoint;
import io.weft.sqlrules.RuleCompilation;
import io.weft.sqlrules.flink.FlinkRule;
import io.weft.sqlrules.flink.ProductViews;
import io.weft.sqlrules.flinksql.FlinkSqlRules;
import io.weft.flinkjobs.testing.TestKafka;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Year;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.KafkaProducer;

import org.apache.kafka.clients.producer.ProducerRecord;


import org.apache.kafka.common.test.KafkaClusterTestKit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Rule groups as {@link RuleGroupJob} wires them, on a Flink MiniCluster with parallelism 2 against a real Kafka
 * broker: rules compiled from Alibaba SQL by sql-rules, fed with telemetry, their results read back with
 * read_committed. One broker and one MiniCluster for the class; each test runs its own job on topics under a prefix
 * of its own, so tests never see each other's records or watermarks.
 */
class RuleGroupIT {
    private static final int PARALLELISM = 2;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final MessageIds IDS = new MessageIds(9);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(PARALLELISM)
            // Restarts for the forced failure of the exactly-once test; a failing job still fails its test (failFast).
            .setConfiguration(new Configuration()
                    .set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay")
                    .set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2)
                    .set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(200)))
            .build());

    private static KafkaClusterTestKit kafka;
    private static KafkaProducer<String, byte[]> producer;
    private static MiniCluster flink;

    private RuleJobRun run;
    private WeftTopics topics;
    private String pk;

    @BeforeAll
    static void startKafka(@InjectMiniCluster MiniCluster cluster) throws Exception {
        flink = cluster;
        kafka = TestKafka.start();
        producer = TestKafka.producer(kafka.bootstrapServers());
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (producer != null) {
            producer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void ownTopics() {
        run = new RuleJobRun(kafka.bootstrapServers(), producer, flink, PARALLELISM, "t");
        topics = run.topics();
        pk = run.pk();
    }

    @AfterEach
    void stopJob() throws Exception {
        run.close();
    }

    /**
     * Verifies an Alibaba rule end to end: only the posts that match its WHERE come out, once each, as the result
     * JSON (outputs in order, then ruleId, productKey, deviceName) on its Kafka topic, keyed pk/dn.
     */
    @Test
    void alibabaRule_writesExactlyTheMatchingResultsToItsTopic() throws Exception {
        run.start(run.group(alibaba("hot", pk, "SELECT Temp AS t, deviceName() AS dn FROM \"/" + pk
                + "/+/thing/event/property/post\" WHERE Temp > 38", List.of(run.kafkaTopic("hot")))));
        long t0 = System.currentTimeMillis();
        run.send(post(IDS.next(), pk, "d1", t0, "Temp", 39.5d));
        run.send(post(IDS.next(), pk, "d1", t0 + 1, "Temp", 21.0d));
        run.send(post(IDS.next(), pk, "d2", t0 + 2, "Temp", 40.25d, "Humidity", 10L));
        run.send(post(IDS.next(), pk, "d2", t0 + 3, "Humidity", 50L));
        run.send(post(IDS.next(), "a1other", "d3", t0 + 4, "Temp", 99.0d));

        CommittedRecords hot = run.read(run.topic("hot"));
        // The two results, then nothing more: the later posts (non-matching) have been through by then too,
        // since the job keeps Kafka order per device and this waits for the last matching one.
        List<CommittedRecords.Record> out = run.eventually(WAIT).until(hot::all, r -> r.size() >= 2);
        assertThat(out).containsExactlyInAnyOrder(
                new CommittedRecords.Record(pk + "/d1",
                        "{\"t\":39.5,\"dn\":\"d1\",\"ruleId\":\"hot\",\"productKey\":\"" + pk + "\",\"deviceName\":\"d1\"}"),
                new CommittedRecords.Record(pk + "/d2",
                        "{\"t\":40.25,\"dn\":\"d2\",\"ruleId\":\"hot\",\"productKey\":\"" + pk + "\",\"deviceName\":\"d2\"}"));
    }

    /**
     * Verifies that the rules of one group are independent: each rule's topic holds its own results only; an
     * alert destination sends an AlertSignal RAISE keyed name/pk/dn with the result as details; a device
     * destination sends a Downlink to that device with the result as payload.
     */
    @Test
    void severalRules_eachGetOnlyTheirOwnResults_andAlertsAndDownlinksCarryTheResult() throws Exception {
        String where = " FROM \"/" + pk + "/+/thing/event/property/post\" WHERE ";
        run.start(run.group(
                alibaba("hot", pk, "SELECT Temp AS t" + where + "Temp > 38", List.of(run.kafkaTopic("hot"))),
                alibaba("cold", pk, "SELECT Temp AS t" + where + "Temp < 0",
                        List.of(run.kafkaTopic("cold"), new Destination.Alert("freezing", Severity.MAJOR))),
                alibaba("fan", pk, "SELECT Temp AS t, 'on' AS fan" + where + "Temp > 30",
                        List.of(new Destination.DeviceTopic(pk, "fan1", "/" + pk + "/fan1/user/cmd", 1)))));
        long t0 = System.currentTimeMillis();
        run.send(post(IDS.next(), pk, "d1", t0, "Temp", 39.0d));
        run.send(post(IDS.next(), pk, "d2", t0 + 1, "Temp", -5.0d));
        run.send(post(IDS.next(), pk, "d3", t0 + 2, "Temp", 35.0d));

        CommittedRecords hot = run.read(run.topic("hot"));
        CommittedRecords cold = run.read(run.topic("cold"));
        CommittedRecords alerts = run.read(topics.alertSignals());
        CommittedRecords down = run.read(topics.down());
        List<String> downlinks = run.eventually(WAIT).until(down::values, r -> r.size() >= 2);
        assertThat(run.eventually(WAIT).until(hot::values, r -> !r.isEmpty()))
                .containsExactly(run.result("{\"t\":39.0", "hot", "d1"));
        assertThat(run.eventually(WAIT).until(cold::values, r -> !r.isEmpty()))
                .containsExactly(run.result("{\"t\":-5.0", "cold", "d2"));

        CommittedRecords.Record raised = run.eventually(WAIT).until(alerts::all, r -> !r.isEmpty()).get(0);
        AlertSignal signal = Json.read(raised.value(), AlertSignal.class);
        assertThat(raised.key()).isEqualTo("freezing/" + pk + "/d2").isEqualTo(signal.key());
        assertThat(signal).isEqualTo(new AlertSignal("freezing", Severity.MAJOR, AlertSignal.Action.RAISE,
                "rule:cold", pk, "d2", run.result("{\"t\":-5.0", "cold", "d2"), t0 + 1));

        assertThat(downlinks).hasSize(2).allSatisfy(d -> {
            Downlink downlink = Json.read(d, Downlink.class);
            assertThat(downlink.key()).isEqualTo(pk + "/fan1");
            assertThat(downlink.topic()).isEqualTo("/" + pk + "/fan1/user/cmd");
            assertThat(downlink.qos()).isEqualTo(1);
        });
        assertThat(downlinks.stream().map(d -> new String(Json.read(d, Downlink.class).payload(),
                StandardCharsets.UTF_8))).containsExactlyInAnyOrder(
                run.result("{\"t\":39.0,\"fan\":\"on\"", "fan", "d1"),
                run.result("{\"t\":35.0,\"fan\":\"on\"", "fan", "d3"));
        assertThat(hot.values()).hasSize(1);
        assertThat(cold.values()).hasSize(1);
        assertThat(alerts.all()).hasSize(1);
    }

    /**
     * Verifies device actions: each matching result becomes a downlink on weft.down to the target device carrying
     * the Alink request exactly as Alibaba sends it (a property set with a constant and a column value, a service
     * call); an action whose ${column} the result lacks sends nothing and puts an error record on the rule's error
     * destination instead, once per result.
     */
    @Test
    void deviceActions_sendAlinkRequests_andAMissingColumnGoesToTheErrorDestination() throws Exception {
        String where = " FROM \"/" + pk + "/+/thing/event/property/post\" WHERE Temp > 30";
        Destination errors = run.kafkaTopic("errors");
        run.start(run.group(
                alibaba("fan", pk, "SELECT Temp AS t, deviceName() AS dn" + where, List.of(
                        new Destination.SetProperty(pk, "fan1", Json.tree("{\"Power\":1,\"Label\":\"${dn}\"}")),
                        new Destination.InvokeService(pk, "fan1", "Boost", Json.tree("{\"level\":\"${t}\"}")))),
                withErrors(alibaba("broken", pk, "SELECT Temp AS t" + where, List.of(
                        new Destination.SetProperty(pk, "fan2", Json.tree("{\"Label\":\"${dn}\"}")))), errors)));
        long t0 = System.currentTimeMillis();
        run.send(post(IDS.next(), pk, "d1", t0, "Temp", 25.0d));
        run.send(post(IDS.next(), pk, "d1", t0 + 1, "Temp", 35.5d));

        CommittedRecords down = run.read(topics.down());
        CommittedRecords errorRecords = run.read(run.topic("errors"));
        List<CommittedRecords.Record> downlinks = run.eventually(WAIT).until(down::all, r -> r.size() >= 2);
        List<String> errorValues = run.eventually(WAIT).until(errorRecords::values, r -> !r.isEmpty());

        List<Downlink> sent = downlinks.stream().map(r -> Json.read(r.value(), Downlink.class)).toList();
        assertThat(downlinks).allSatisfy(r -> assertThat(r.key()).isEqualTo(pk + "/fan1"));
        assertThat(sent).extracting(Downlink::topic).containsExactlyInAnyOrder(
                "/sys/" + pk + "/fan1/thing/service/property/set", "/sys/" + pk + "/fan1/thing/service/Boost");
        for (Downlink d : sent) {
            JsonNode alink = Json.tree(new String(d.payload(), StandardCharsets.UTF_8));
            assertThat(alink.get("id").stringValue()).matches("[0-9]{1,10}");
            assertThat(Long.parseLong(alink.get("id").stringValue())).isLessThanOrEqualTo(4_294_967_295L);
            assertThat(alink.get("version").stringValue()).isEqualTo("1.0");
            if (d.topic().endsWith("/property/set")) {
                assertThat(alink.get("method").stringValue()).isEqualTo("thing.service.property.set");
                assertThat(alink.get("params")).isEqualTo(Json.tree("{\"Power\":1,\"Label\":\"d1\"}"));
            } else {
                assertThat(alink.get("method").stringValue()).isEqualTo("thing.service.Boost");
                assertThat(alink.get("params")).isEqualTo(Json.tree("{\"level\":35.5}"));
            }
        }
        assertThat(errorValues).hasSize(1);
        assertThat(Json.tree(errorValues.get(0))).isEqualTo(Json.tree("{\"ruleId\":\"broken\",\"destination\":"
                + "\"setProperty\",\"productKey\":\"" + pk + "\",\"deviceName\":\"fan2\",\"error\":\"the result has"
                + " no column 'dn' for param 'Label'\",\"result\":" + run.result("{\"t\":35.5", "broken", "d1") + "}"));
        assertThat(down.all()).hasSize(2);
    }

    /**
     * Verifies every function of Alibaba's rule SQL through a real Flink SQL execution: compiled by sql-rules,
     * planned by Flink's planner with the Weft functions registered, run on the MiniCluster. All but attribute(),
     * a join with the device tags in the registry that waits for the watermark: {@link DeviceAttributesIT}.
     */
    @Test
    void everyAlibabaFunction_runsInFlinkSql() throws Exception {
        String properties = " FROM \"/" + pk + "/+/thing/event/property/post\"";
        run.start(run.group(
                alibaba("f1", pk, "SELECT abs(Temp) AS a, asin(0.5) AS asn,"
                        + " concat(Label, Humidity) AS cc, cos(0) AS c, cosh(0) AS ch, crypto(Label, 'MD2') AS md2,"
                        + " crypto(Label, 'MD5') AS md5, crypto(Label, 'SHA1') AS sha1, crypto(Label, 'SHA-256') AS sha256,"
                        + " crypto(Label, 'SHA-384') AS sha384, crypto(Label, 'SHA-512') AS sha512,"
                        + " deviceName() AS dn, exp(0) AS e, floor(Temp) AS fl, log(100) AS l10, log(8, 2) AS l2,"
                        + " lower(Label) AS lo, upper(Label) AS up, mod(Humidity, 7) AS m, nanvl(Power, 9) AS nv,"
                        + " newuuid() AS id, payload() AS p, power(2, 10) AS pw, rand() AS r,"
                        + " replace(Label, 'room', 'hall') AS rp, sin(0) AS s, sinh(0) AS sh, tan(0) AS tn,"
                        + " tanh(0) AS th, timestamp() AS now, timestamp('yyyy') AS yr, timestamp_utc() AS nowutc,"
                        + " timestamp_utc('yyyy') AS yrutc, topic(2) AS pk2, topic() AS tp, to_base64(*) AS b64,"
                        + " messageId() AS mid, substring(Label, 2, 4) AS sub, substring(Label, 7) AS sub2,"
                        + " to_hex(*) AS hx" + properties + " WHERE endswith(Label, 'room')",
                        List.of(run.kafkaTopic("f1"))),
                alibaba("f2", pk, "SELECT items.Position.value.latitude AS lat, thingPropertyFlatMap('Position', 'Power')"
                        + properties, List.of(run.kafkaTopic("f2"))),
                alibaba("f3", pk, "SELECT value.Level AS level FROM \"/" + pk + "/+/thing/event/Overheat/post\""
                        + " WHERE Level >= 2", List.of(run.kafkaTopic("f3")))));
        long before = System.currentTimeMillis();
        Telemetry telemetry = post(IDS.next(), pk, "d1", before, "Temp", -3.5d, "Humidity", 45L,
                "Label", "living room", "Position", Map.of("latitude", 30.5d, "longitude", 120.25d));
        run.send(telemetry);
        run.send(post(IDS.next(), pk, "d1", before + 1, "Label", "porch"));
        run.send(new Telemetry(IDS.next(), pk, "d1", Telemetry.EVENT, "Overheat",
                List.of(new PropertyPoint("Level", 3L, before + 2)), before + 3));

        CommittedRecords f1 = run.read(run.topic("f1"));
        CommittedRecords f2 = run.read(run.topic("f2"));
        CommittedRecords f3 = run.read(run.topic("f3"));
        JsonNode r = Json.tree(run.eventually(WAIT).until(f1::values, v -> !v.isEmpty()).get(0));
        long after = System.currentTimeMillis();
        String payload = "{\"Temp\":{\"value\":-3.5,\"time\":" + before + "},\"Humidity\":{\"value\":45,\"time\":"
                + before + "},\"Label\":{\"value\":\"living room\",\"time\":" + before + "},\"Position\":{\"value\":"
                + Json.writeString(telemetry.points().get(3).value()) + ",\"time\":" + before + "}}";
        assertThat(r.get("a").asDouble()).isEqualTo(3.5);
        assertThat(r.get("asn").asDouble()).isCloseTo(Math.asin(0.5), within(1e-9));
        assertThat(r.get("cc").asString()).isEqualTo("living room45");
        assertThat(r.get("c").asDouble()).isEqualTo(1.0);
        assertThat(r.get("ch").asDouble()).isEqualTo(1.0);
        assertThat(r.get("md2").asString()).isEqualTo(digest("MD2", "living room"));
        assertThat(r.get("md5").asString()).isEqualTo(digest("MD5", "living room"));
        assertThat(r.get("sha1").asString()).isEqualTo(digest("SHA-1", "living room"));
        assertThat(r.get("sha256").asString()).isEqualTo(digest("SHA-256", "living room"));
        assertThat(r.get("sha384").asString()).isEqualTo(digest("SHA-384", "living room"));
        assertThat(r.get("sha512").asString()).isEqualTo(digest("SHA-512", "living room"));
        assertThat(r.get("dn").asString()).isEqualTo("d1");
        assertThat(r.get("e").asDouble()).isEqualTo(1.0);
        assertThat(r.get("fl").asDouble()).isEqualTo(-4.0);
        assertThat(r.get("l10").asDouble()).isCloseTo(2.0, within(1e-9));
        assertThat(r.get("l2").asDouble()).isCloseTo(3.0, within(1e-9));
        assertThat(r.get("lo").asString()).isEqualTo("living room");
        assertThat(r.get("up").asString()).isEqualTo("LIVING ROOM");
        assertThat(r.get("m").asLong()).isEqualTo(3);
        assertThat(r.get("nv").asLong()).as("Power was not posted").isEqualTo(9);
        assertThat(r.get("id").asString()).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(r.get("p").asString()).isEqualTo(payload);
        assertThat(r.get("pw").asDouble()).isEqualTo(1024.0);
        assertThat(r.get("r").asDouble()).isBetween(0.0, 1.0);
        assertThat(r.get("rp").asString()).isEqualTo("living hall");
        assertThat(List.of(r.get("s").asDouble(), r.get("sh").asDouble(), r.get("tn").asDouble(),
                r.get("th").asDouble())).containsOnly(0.0);
        assertThat(r.get("now").asLong()).as("the time the rule ran").isBetween(before, after);
        assertThat(r.get("nowutc").asLong()).isBetween(before, after);
        assertThat(r.get("yr").asString()).isEqualTo(Year.now(ZoneOffset.UTC).toString());
        assertThat(r.get("yrutc").asString()).isEqualTo(Year.now(ZoneOffset.UTC).toString());
        assertThat(r.get("pk2").asString()).isEqualTo(pk);
        assertThat(r.get("tp").asString()).isEqualTo("/sys/" + pk + "/d1/thing/event/property/post");
        assertThat(r.get("b64").asString())
                .isEqualTo(Base64.getEncoder().encodeToString(payload.getBytes(StandardCharsets.UTF_8)));
        assertThat(r.get("mid").asLong()).isEqualTo(telemetry.messageId());
        assertThat(r.get("sub").asString()).isEqualTo("vi");
        assertThat(r.get("sub2").asString()).isEqualTo("room");
        assertThat(r.get("hx").asString())
                .isEqualTo(HexFormat.of().formatHex(payload.getBytes(StandardCharsets.UTF_8)));

        List<String> flat = run.eventually(WAIT).until(f2::values, v -> v.size() >= 2);
        assertThat(flat).containsExactly(
                run.result("{\"lat\":30.5,\"Position_latitude\":30.5,\"Position_longitude\":120.25,\"Power\":null",
                        "f2", "d1"),
                run.result("{\"lat\":null,\"Position_latitude\":null,\"Position_longitude\":null,\"Power\":null",
                        "f2", "d1"));
        assertThat(run.eventually(WAIT).until(f3::values, v -> !v.isEmpty()))
                .containsExactly(run.result("{\"level\":3", "f3", "d1"));
        assertThat(f1.values()).as("the porch does not end with 'room'").hasSize(1);
    }

    /**
     * Verifies a rule on Alibaba's device-status topic over the presence events of weft.events: each OFFLINE of the
     * product raises an alert about its device at the time the session ended and writes the result, keyed pk/dn, to
     * the rule's topic; ONLINE events, other products' events and edges' heartbeats on the same topic give nothing.
     * A second rule (SELECT *) of the group gets every change of the product as Alibaba's status message.
     */
    @Test
    void statusRule_firesOnOfflineOnly_toAnAlertAndAKafkaTopic() throws Exception {
        String status = " FROM \"/as/mqtt/status/" + pk + "/+\"";
        run.start(run.group(
                alibaba("gone", pk, "SELECT deviceName() AS dn, status" + status + " WHERE status = 'offline'",
                        List.of(run.kafkaTopic("gone"), new Destination.Alert("offline", Severity.MINOR))),
                alibaba("changes", pk, "SELECT *" + status, List.of(run.kafkaTopic("changes")))));
        long t0 = System.currentTimeMillis();
        sendPresence(new Presence(pk, "d1", Presence.State.ONLINE, 11, "edge-1", "10.0.0.1", t0, null));
        sendPresence(new Presence(pk, "d2", Presence.State.ONLINE, 12, "edge-1", "10.0.0.2", t0 + 1, null));
        producer.send(new ProducerRecord<>(topics.events(), new EdgeHeartbeat("edge-1", t0, t0 + 2, 30_000).key(),
                Json.write(new EdgeHeartbeat("edge-1", t0, t0 + 2, 30_000)))).get();
        sendPresence(new Presence(pk, "d1", Presence.State.OFFLINE, 11, "edge-1", "10.0.0.1", t0 + 1_000,
                "CLIENT_DISCONNECT"));
        sendPresence(new Presence("a1other", "d9", Presence.State.OFFLINE, 13, "edge-1", null, t0 + 1_500,
                "KEEPALIVE_TIMEOUT"));
        sendPresence(new Presence(pk, "d2", Presence.State.OFFLINE, 12, "edge-1", "10.0.0.2", t0 + 2_000,
                "KEEPALIVE_TIMEOUT"));
        sendPresence(new Presence(pk, "d1", Presence.State.ONLINE, 14, "edge-1", "10.0.0.1", t0 + 3_000, null));

        CommittedRecords gone = run.read(run.topic("gone"));
        CommittedRecords changes = run.read(run.topic("changes"));
        CommittedRecords alerts = run.read(topics.alertSignals());
        // Both rules read the same rows in one job, committed on the same checkpoints: once the last change of the
        // product is through the second rule, every change has been through the first.
        List<String> all = run.eventually(WAIT).until(changes::values, v -> v.size() >= 5);
        assertThat(all).hasSize(5);
        JsonNode offline = all.stream().map(Json::tree)
                .filter(j -> j.get("status").asString().equals("offline") && j.get("deviceName").asString().equals("d1"))
                .findFirst().orElseThrow();
        String utc = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
                .withZone(ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(t0 + 1_000));
        String local = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")
                .withZone(ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(t0 + 1_000));
        assertThat(offline.propertyNames()).containsExactly("status", "productKey", "deviceName", "time", "utcTime",
                "lastTime", "utcLastTime", "clientIp", "reason", "ruleId");
        assertThat(offline.get("productKey").asString()).isEqualTo(pk);
        assertThat(offline.get("lastTime").asString()).isEqualTo(local);
        assertThat(offline.get("utcLastTime").asString()).isEqualTo(utc);
        assertThat(offline.get("clientIp").asString()).isEqualTo("10.0.0.1");
        assertThat(offline.get("reason").asString()).isEqualTo("CLIENT_DISCONNECT");
        assertThat(all.stream().map(v -> Json.tree(v).get("status").asString()))
                .containsExactlyInAnyOrder("online", "online", "offline", "offline", "online");

        assertThat(gone.all()).containsExactlyInAnyOrder(
                new CommittedRecords.Record(pk + "/d1",
                        run.result("{\"dn\":\"d1\",\"status\":\"offline\"", "gone", "d1")),
                new CommittedRecords.Record(pk + "/d2",
                        run.result("{\"dn\":\"d2\",\"status\":\"offline\"", "gone", "d2")));
        List<AlertSignal> signals = run.eventually(WAIT).until(alerts::values, v -> v.size() >= 2).stream()
                .map(v -> Json.read(v, AlertSignal.class)).toList();
        assertThat(signals).containsExactlyInAnyOrder(
                new AlertSignal("offline", Severity.MINOR, AlertSignal.Action.RAISE, "rule:gone", pk, "d1",
                        run.result("{\"dn\":\"d1\",\"status\":\"offline\"", "gone", "d1"), t0 + 1_000),
                new AlertSignal("offline", Severity.MINOR, AlertSignal.Action.RAISE, "rule:gone", pk, "d2",
                        run.result("{\"dn\":\"d2\",\"status\":\"offline\"", "gone", "d2"), t0 + 2_000));
    }

    private void sendPresence(Presence p) throws Exception {
        producer.send(new ProducerRecord<>(topics.events(), p.productKey() + "/" + p.deviceName(), Json.write(p)))
                .get();
    }

    private static String digest(String algorithm, String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm)
                .digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Verifies exactly-once output across a failure: the job fails in the middle of the second batch (after at
     * least one checkpoint committed the first), restarts from its last checkpoint and re-reads what followed it;
     * what a read_committed reader sees of the rule's topic is every expected result once, no gap, no duplicate.
     */
    @Test
    void exactlyOnce_afterAForcedTaskFailure_thenEveryResultOnce() throws Exception {
        run.start(run.group(alibaba("all", pk, "SELECT Humidity AS h, messageId() AS id FROM \"/" + pk
                        + "/+/thing/event/property/post\" WHERE Humidity >= 0", List.of(run.kafkaTopic("all")))),
                telemetry -> telemetry.map(new FailOnce("boom")).name("fail once").uid("fail-once"));
        CommittedRecords all = run.read(run.topic("all"));
        Set<Long> expected = new java.util.HashSet<>();
        long t0 = System.currentTimeMillis();
        for (int i = 0; i < 40; i++) {
            expected.add(sendHumidity("d" + (i % 4), t0 + i, i));
        }
        run.eventually(WAIT).until(all::values, v -> v.size() >= 40);
        for (int i = 40; i < 80; i++) {
            expected.add(sendHumidity(i == 55 ? "boom" : "d" + (i % 4), t0 + i, i));
        }

        List<String> out = run.eventually(WAIT).until(all::values, v -> v.size() >= 80);
        assertThat(run.restarted()).as("the job failed and restarted").isTrue();
        List<Long> ids = out.stream().map(v -> Json.tree(v).get("id").asLong()).toList();
        assertThat(ids).doesNotHaveDuplicates();
        assertThat(Set.copyOf(ids)).isEqualTo(expected);
        // Nothing is still on its way: a later marker's result arrives after anything the replay could have added.
        long last = sendHumidity("d0", t0 + 100, 100);
        run.eventually(WAIT).until(() -> all.values().stream().anyMatch(v -> v.contains("\"id\":" + last)));
        assertThat(all.values()).hasSize(81);
    }

    private long sendHumidity(String device, long time, int i) throws Exception {
        Telemetry t = post(IDS.next(), pk, device, time, "Humidity", (long) (i % 100));
        run.send(t);
        return t.messageId();
    }

    /**
     * Verifies event time and the late-data policy with a hand-written Flink SQL rule over the product view: a
     * one-minute tumbling average, in the device's time, fires once the watermark passes the window's end (rows up
     * to 5 s out of order still count); a row behind the watermark is dropped and does not change a window that
     * fired.
     */
    @Test
    void windowedAverage_inEventTime_firesOncePerWindow_andDropsLateRows() throws Exception {
        String view = ProductViews.properties(Greenhouse.model(pk)).name();
        DeployedRule average = new DeployedRule("avg", 1, pk,
                List.of(ProductViews.properties(Greenhouse.model(pk)).ddl()),
                "SELECT `device_name` AS `dn`, `window_start` AS `ws`, AVG(`Temp`) AS `avg_t`,"
                        + " `device_name` AS `" + DeployedRule.DEVICE_COLUMN + "`\n"
                        + "FROM TABLE(TUMBLE(TABLE `" + view + "`, DESCRIPTOR(`event_time`), INTERVAL '1' MINUTE))\n"
                        + "GROUP BY `device_name`, `window_start`, `window_end`\n"
                        + "HAVING AVG(`Temp`) > 30",
                List.of("dn", "ws", "avg_t"), Set.of(), List.of(run.kafkaTopic("avg")), null);
        run.start(run.group(average));
        long base = (System.currentTimeMillis() / 60_000 - 10) * 60_000;
        run.send(post(IDS.next(), pk, "d1", base + 10_000, "Temp", 31.0d));
        run.send(post(IDS.next(), pk, "d1", base + 50_000, "Temp", 33.0d));
        run.send(post(IDS.next(), pk, "d1", base + 46_000, "Temp", 35.0d)); // 4 s out of order: still counts
        run.send(post(IDS.next(), pk, "d1", base + 70_000, "Temp", 20.0d)); // second window: average below 30
        run.send(post(IDS.next(), pk, "d1", base + 130_000, "Temp", 40.0d)); // watermark to base + 125 s

        CommittedRecords avg = run.read(run.topic("avg"));
        String first = run.result("{\"dn\":\"d1\",\"ws\":" + base + ",\"avg_t\":33.0", "avg", "d1");
        assertThat(run.eventually(WAIT).until(avg::values, v -> !v.isEmpty())).containsExactly(first);

        run.send(post(IDS.next(), pk, "d1", base + 20_000, "Temp", 100.0d)); // late for the first window: dropped
        run.send(post(IDS.next(), pk, "d1", base + 200_000, "Temp", 10.0d)); // closes the third window
        List<String> out = run.eventually(WAIT).until(avg::values, v -> v.size() >= 2);
        assertThat(out).containsExactly(first,
                run.result("{\"dn\":\"d1\",\"ws\":" + (base + 120_000) + ",\"avg_t\":40.0", "avg", "d1"));
    }

    /**
     * Verifies "above 30 for 5 minutes" in event time, written as an analyst writes it in the Flink SQL dialect
     * (MATCH_RECOGNIZE, compiled by sql-rules) and run by the rule job: the rows are matched in the devices' time
     * order, not in arrival order, so a cold reading that arrives 2 s late still breaks a hot spell, and a device hot
     * for only 4 minutes gives nothing.
     */
    @Test
    void aboveThirtyForFiveMinutes_inEventTime_withOutOfOrderInput() throws Exception {
        String view = ProductViews.properties(Greenhouse.model(pk)).name();
        RuleCompilation compiled = new FlinkSqlRules().compile("""
                SELECT device_name, hot_since, still_hot_at
                FROM %s
                MATCH_RECOGNIZE (
                  PARTITION BY device_name
                  ORDER BY event_time
                  MEASURES FIRST_HOT.event_time AS hot_since, LATE_HOT.event_time AS still_hot_at
                  ONE ROW PER MATCH
                  AFTER MATCH SKIP PAST LAST ROW
                  PATTERN (FIRST_HOT HOT*? LATE_HOT)
                  DEFINE
                    FIRST_HOT AS FIRST_HOT.Temp > 30,
                    HOT AS HOT.Temp > 30,
                    LATE_HOT AS LATE_HOT.Temp > 30
                      AND LATE_HOT.event_time >= FIRST_HOT.event_time + INTERVAL '5' MINUTE
                )""".formatted(view), Greenhouse.model(pk));
        assertThat(compiled.problems()).isEmpty();
        FlinkRule flink = compiled.flink();
        run.start(run.group(new DeployedRule("hot5", 1, pk, flink.viewDdls(), flink.query(), flink.outputs(),
                flink.functions(), List.of(run.kafkaTopic("hot5")), null)));
        long base = (System.currentTimeMillis() / 60_000 - 30) * 60_000;
        long minute = 60_000;
        run.send(post(IDS.next(), pk, "d1", base, "Temp", 31.0d));
        run.send(post(IDS.next(), pk, "d2", base + 1_000, "Temp", 40.0d));
        run.send(post(IDS.next(), pk, "d1", base + 2 * minute, "Temp", 35.0d));
        run.send(post(IDS.next(), pk, "d2", base + 3 * minute + 1_000, "Temp", 40.0d));
        run.send(post(IDS.next(), pk, "d2", base + 4 * minute + 1_000, "Temp", 10.0d)); // d2: hot for 4 minutes only
        run.send(post(IDS.next(), pk, "d1", base + 5 * minute, "Temp", 33.0d));
        run.send(post(IDS.next(), pk, "d1", base + 5 * minute - 2_000, "Temp", 29.0d)); // 2 s late: breaks 0:00..5:00
        run.send(post(IDS.next(), pk, "d1", base + 7 * minute, "Temp", 34.0d));
        run.send(post(IDS.next(), pk, "d1", base + 11 * minute, "Temp", 36.0d)); // 6 minutes after 5:00
        run.send(post(IDS.next(), pk, "d1", base + 12 * minute, "Temp", 37.0d)); // moves the watermark past 11:00

        CommittedRecords hot = run.read(run.topic("hot5"));
        assertThat(run.eventually(WAIT).until(hot::values, v -> !v.isEmpty())).containsExactly(
                run.result("{\"device_name\":\"d1\",\"hot_since\":" + (base + 5 * minute) + ",\"still_hot_at\":"
                        + (base + 11 * minute), "hot5", "d1"));
    }

    /**
     * Verifies a webhook against a real HTTP server that fails the first two calls: the result is POSTed as JSON
     * with the destination's headers, retried with backoff, delivered by the third call, and no dead letter is
     * written.
     */
    @Test
    void webhook_failingTwice_thenRetriedAndDeliveredWithoutADeadLetter() throws Exception {
        try (Receiver receiver = new Receiver(2)) {
            Destination errors = run.kafkaTopic("errors");
            run.start(run.group(withErrors(alibaba("hook", pk, "SELECT Temp AS t FROM \"/" + pk
                    + "/+/thing/event/property/post\" WHERE Temp > 38", List.of(new Destination.Webhook(
                    receiver.url(), Map.of("X-Token", "s3cret"), 5, 50))), errors)));
            run.send(post(IDS.next(), pk, "d1", System.currentTimeMillis(), "Temp", 39.0d));

            List<Receiver.Call> calls = run.eventually(WAIT).until(receiver::calls, c -> c.size() >= 3);
            assertThat(calls).as("two failures, then delivered").hasSize(3);
            assertThat(calls).extracting(Receiver.Call::contentType).containsOnly("application/json");
            assertThat(calls).extracting(Receiver.Call::token).containsOnly("s3cret");
            assertThat(calls).extracting(Receiver.Call::body).containsOnly(run.result("{\"t\":39.0", "hook", "d1"));
            CommittedRecords deadLetters = run.read(run.topic("errors"));
            // The job commits on each checkpoint (300 ms): a dead letter or another call would show within this.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> deadLetters.values().isEmpty() && receiver.calls().size() == 3);
        }
    }

    /**
     * Verifies that a webhook never drops a result silently: against a server that always fails, the result is
     * called maxAttempts times, then written once as a dead letter, with the error and the result, to the rule's
     * error topic.
     */
    @Test
    void webhook_alwaysFailing_thenADeadLetterAfterMaxAttempts() throws Exception {
        try (Receiver receiver = new Receiver(Integer.MAX_VALUE)) {
            Destination errors = run.kafkaTopic("errors");
            run.start(run.group(withErrors(alibaba("hook", pk, "SELECT Temp AS t FROM \"/" + pk
                    + "/+/thing/event/property/post\" WHERE Temp > 38", List.of(new Destination.Webhook(
                    receiver.url(), Map.of(), 3, 50))), errors)));
            run.send(post(IDS.next(), pk, "d1", System.currentTimeMillis(), "Temp", 39.0d));

            CommittedRecords deadLetters = run.read(run.topic("errors"));
            CommittedRecords.Record letter = run.eventually(WAIT).until(deadLetters::all, r -> !r.isEmpty()).get(0);
            assertThat(letter.key()).isEqualTo(pk + "/d1");
            JsonNode json = Json.tree(letter.value());
            assertThat(json.get("ruleId").asString()).isEqualTo("hook");
            assertThat(json.get("destination").asString()).isEqualTo("webhook");
            assertThat(json.get("url").asString()).isEqualTo(receiver.url());
            assertThat(json.get("attempts").asInt()).isEqualTo(3);
            assertThat(json.get("error").asString()).isEqualTo("HTTP 503");
            assertThat(json.get("result").toString()).isEqualTo(run.result("{\"t\":39.0", "hook", "d1"));
            assertThat(receiver.calls()).hasSize(3);
            assertThat(deadLetters.all()).hasSize(1);
        }
    }

    private static DeployedRule withErrors(DeployedRule rule, Destination errors) {
        return new DeployedRule(rule.id(), rule.version(), rule.productKey(), rule.views(), rule.query(),
                rule.outputs(), rule.functions(), rule.destinations(), errors);
    }
}
