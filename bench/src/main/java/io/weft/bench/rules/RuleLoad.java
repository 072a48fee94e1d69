package io.weft.bench.rules;

import io.weft.bench.edge.InProcessKafka;
import io.weft.core.kafka.TopicSetup;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.rule.RuleGroup;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule bench: one process with a single-node Kafka broker ({@link InProcessKafka}), a Flink session
 * MiniCluster configured as standalone's, and one rule group of {@code --rules} Alibaba rules over a thermostat
 * product ({@link BenchRules}) run by {@code RuleGroupJob}. {@code --mode throughput} measures msg/s through the
 * rule job over a backlog ({@link ThroughputRun}); {@code --mode latency} measures telemetry → rule → alert with
 * the alert job too ({@link LatencyRun}). Prints a report on stdout; progress goes to stderr.
 */
public final class RuleLoad {
    private static final Logger LOG = LoggerFactory.getLogger(RuleLoad.class);

    private RuleLoad() {
    }

    public static void main(String[] args) throws Exception {
        RuleLoadConfig config;
        try {
            config = RuleLoadConfig.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(RuleLoadConfig.usage());
            System.exit(2);
            return;
        }
        boolean temporary = config.data() == null;
        Path dir = temporary ? Files.createTempDirectory("weft-rule-bench") : Files.createDirectories(config.data());
        Thermostat thermostat = new Thermostat("a1thermostat");
        BenchRules rules = new BenchRules(thermostat, config.rules(), config.outputTopics());
        RuleGroup group = rules.group("bench");
        try (InProcessKafka kafka = InProcessKafka.start(dir.resolve("kafka"), freePort(), freePort(),
                config.partitions())) {
            TopicSetup.ensure(kafka.bootstrap(), new WeftTopics("weft."), config.partitions(), (short) 1);
            createTopics(kafka.bootstrap(), rules.outputTopics(), config.partitions());
            // Two jobs in latency mode; 256 MB of network buffers for a group of 100 rules' operators.
            try (FlinkSession flink = FlinkSession.start(dir.resolve("flink"), 2 * config.parallelism(), 256)) {
                LOG.info("Kafka at {}, Flink session up; {} rules", kafka.bootstrap(), group.rules().size());
                String report = config.latency()
                        ? new LatencyRun(config, kafka.bootstrap(), flink).run(thermostat, rules, group)
                        : new ThroughputRun(config, kafka.bootstrap(), flink).run(thermostat, rules, group);
                System.out.print(report);
                System.out.flush();
            }
        }
        if (temporary) {
            delete(dir);
        }
        System.exit(0);
    }

    private static void createTopics(String bootstrap, List<String> names, int partitions) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(props)) {
            admin.createTopics(names.stream().map(n -> new NewTopic(n, partitions, (short) 1)).toList()).all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
