package io.weft.flinkjobs.rules;

import static io.weft.flinkjobs.rules.Greenhouse.alibaba;
import static io.weft.flinkjobs.rules.Greenhouse.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.core.envelope.MessageIds;
import io.weft.core.envelope.Telemetry;
import io.weft.core.json.Json;
import io.weft.core.kafka.TopicSetup;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.rule.Destination;
import io.weft.core.rule.RuleGroup;
import io.weft.flinkjobs.testing.TestKafka;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.test.KafkaClusterTestKit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The job jar (the shaded {@code job} artifact, without Flink or its planner inside) submitted through Flink's REST
 * API to a MiniCluster set up like standalone's (parent-first class loading), whose classpath has Flink and its
 * Table API as a cluster's has: {@link RuleGroupJob#main} runs in the JobManager, plans the rule with the cluster's
 * planner and runs it.
 */
class RuleGroupJobJarIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static KafkaClusterTestKit kafka;
    private static MiniCluster flink;

    @BeforeAll
    static void start() throws Exception {
        kafka = TestKafka.start();
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.PORT, 0);
        conf.set(CoreOptions.CLASSLOADER_RESOLVE_ORDER, "parent-first");
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("64m"));
        flink = new MiniCluster(new MiniClusterConfiguration.Builder().setConfiguration(conf)
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(2).build());
        flink.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (flink != null) {
            flink.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void jobJar_submittedThroughRest_runsAnAlibabaRule() throws Exception {
        WeftTopics topics = WeftTopics.DEFAULT;
        TopicSetup.ensure(kafka.bootstrapServers(), topics, 2, (short) 1);
        String out = "weft.rule-out";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(out, 1, (short) 1))).all().get();
        }
        String pk = "a1jar";
        RuleGroup group = new RuleGroup("jar", List.of(alibaba("hot", pk, "SELECT Temp AS t, substring(Label, 0, 3)"
                + " AS l FROM \"/" + pk + "/+/thing/event/property/post\" WHERE Temp > 38",
                List.of(new Destination.KafkaTopic(out)))));
        RuleGroupArgs args = new RuleGroupArgs(kafka.bootstrapServers(), topics.prefix(), group, 500, 5_000, 1_000,
                "earliest", ZoneOffset.UTC, null);

        String jobId = submit(flink.getRestAddress().get(), jobJar(), RuleGroupJob.class.getName(), args.toArgs());

        try (KafkaProducer<String, byte[]> producer = TestKafka.producer(kafka.bootstrapServers());
             CommittedRecords results = new CommittedRecords(kafka.bootstrapServers(), out)) {
            MessageIds ids = new MessageIds(11);
            long t0 = System.currentTimeMillis();
            for (Telemetry t : List.of(post(ids.next(), pk, "d1", t0, "Temp", 39.0d, "Label", "kitchen"),
                    post(ids.next(), pk, "d1", t0 + 1, "Temp", 20.0d, "Label", "hall"))) {
                producer.send(new ProducerRecord<>(topics.telemetry(), pk + "/d1", Json.write(t))).get();
            }
            List<String> values = await().atMost(WAIT).pollInterval(Duration.ofMillis(200))
                    .until(results::values, v -> !v.isEmpty());
            assertThat(values).containsExactly("{\"t\":39.0,\"l\":\"kit\",\"ruleId\":\"hot\",\"productKey\":\"" + pk
                    + "\",\"deviceName\":\"d1\"}");
            JobID job = JobID.fromHexString(jobId);
            assertThat(flink.getJobStatus(job).get().name()).isEqualTo("RUNNING");
            flink.cancelJob(job).get();
        }
    }

    private static Path jobJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("weft-flink-jobs-.*-job\\.jar"))
                    .findFirst().orElseThrow(() -> new IllegalStateException("no job jar in target/: run mvn verify"));
        }
    }

    /** {@code POST /jars/upload} then {@code POST /jars/{id}/run}, as an operator (and standalone) does. */
    private static String submit(URI rest, Path jar, String entryClass, List<String> args) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String boundary = "weft-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode uploaded = Json.tree(http.send(HttpRequest.newBuilder(rest.resolve("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        String filename = uploaded.path("filename").asString();
        String jarId = filename.substring(filename.lastIndexOf('/') + 1);
        HttpResponse<String> run = http.send(HttpRequest.newBuilder(rest.resolve("/jars/" + jarId + "/run"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.writeString(Map.of("entryClass", entryClass,
                        "programArgsList", args, "parallelism", 2)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        return Json.tree(run.body()).path("jobid").asString();
    }
}
