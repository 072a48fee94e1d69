package io.weft.bench.rules;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import io.weft.bench.mqtt.BenchDevice;
import io.weft.bench.mqtt.DeviceConnection;
import io.weft.bench.mqtt.DeviceProvisioner;
import io.weft.bench.mqtt.FleetConnector;
import io.weft.core.kafka.WeftTopics;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * End-to-end latency device → rule → alert against a running Weft (standalone, or any with REST, MQTT and Kafka
 * reachable): creates a thermostat product and its devices over REST, creates and starts an alert rule over REST and
 * waits until its job runs, connects every device over MQTT (Alibaba-signed, HiveMQ client) and publishes property
 * posts at QoS 1 on a fixed timetable ({@link HotTimetable}). A few posts are hot, each from a device of its own, so
 * each opens a new alert; each is timed from its scheduled send time to its PUBACK, its reading on
 * {@code weft.telemetry}, the rule's signal on {@code weft.alert-signals} and its opened alert on {@code weft.alerts}
 * (all read_committed). Prints a report and one JSON line on stdout, progress on stderr. Exit code 1 when an alert
 * or a post went missing or a device did not connect, 2 for bad options.
 */
public final class DeviceToAlert {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceToAlert.class);
    private static final String ALERT_NAME = "overheat";

    private DeviceToAlert() {
    }

    public static void main(String[] args) throws Exception {
        DeviceToAlertConfig config;
        try {
            config = DeviceToAlertConfig.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(DeviceToAlertConfig.usage());
            System.exit(2);
            return;
        }
        System.exit(run(config) ? 0 : 1);
    }

    private static boolean run(DeviceToAlertConfig config) throws Exception {
        HotTimetable timetable = config.timetable();
        long epochSeconds = System.currentTimeMillis() / 1000;
        String productKey = config.productKeyOr(epochSeconds);
        String ruleId = "devlat-" + productKey;
        WeftTopics topics = new WeftTopics(config.topicPrefix());

        DeviceProvisioner provisioner = new DeviceProvisioner(config.rest());
        provisioner.createProduct(productKey, ThermostatPost.thingModelJson());
        long t0 = System.nanoTime();
        List<BenchDevice> devices = provisioner.registerDevices(productKey,
                config.devices() + timetable.hotDevices(), 16);
        LOG.info("product {}: registered {} cool and {} hot devices in {} ms", productKey, config.devices(),
                timetable.hotDevices(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0));

        RuleRest rules = new RuleRest(config.rest());
        String sql = ThermostatPost.ruleSql(productKey);
        rules.create(ruleId, productKey, sql, ALERT_NAME);
        t0 = System.nanoTime();
        rules.start(ruleId);
        JsonNode status = rules.awaitRunning(ruleId, Duration.ofSeconds(120));
        LOG.info("rule {} started in {} ms: {}", ruleId, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
                status);

        StageLatencies stages = new StageLatencies();
        FleetConnector connector = new FleetConnector(config.mqttHost(), config.mqttPort(),
                config.connectConcurrency(), 2, true);
        connector.awaitAccepted(devices.get(devices.size() - 1), Duration.ofSeconds(60));
        FleetConnector.Result fleet = connector.connect(devices);
        if (fleet.failed() > 0) {
            FleetConnector.disconnect(fleet.connected(), Duration.ofSeconds(10));
            System.out.println("device -> alert: " + fleet.failed() + " of " + devices.size()
                    + " devices did not connect: " + fleet.failures());
            return false;
        }
        Map<String, DeviceConnection> byName = new ConcurrentHashMap<>();
        fleet.connected().forEach(c -> byName.put(c.device().deviceName(), c));
        DeviceConnection[] cool = new DeviceConnection[config.devices()];
        DeviceConnection[] hot = new DeviceConnection[timetable.hotDevices()];
        for (int i = 0; i < devices.size(); i++) {
            DeviceConnection connection = byName.get(devices.get(i).deviceName());
            if (i < cool.length) {
                cool[i] = connection;
            } else {
                hot[i - cool.length] = connection;
            }
        }

        AtomicLong acknowledged = new AtomicLong();
        Map<String, Integer> failures = new ConcurrentHashMap<>();
        long lateMicros;
        long sentAt;
        try (PipelineWatcher watcher = new PipelineWatcher(config.kafka(), topics, productKey, stages).start()) {
            LOG.info("{} posts/s for {} s warm-up and {} s measured, one in {} hot", config.rate(),
                    config.warmupSeconds(), config.durationSeconds(), config.alertEvery());
            long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            long worstLag = 0;
            for (long n = 0; n < timetable.posts(); n++) {
                long due = start + timetable.dueOffsetNanos(n);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                } else {
                    worstLag = Math.max(worstLag, -wait);
                }
                boolean isHot = timetable.hot(n);
                DeviceConnection connection = isHot ? hot[timetable.hotDevice(n)] : cool[timetable.coolDevice(n)];
                String name = connection.device().deviceName();
                if (isHot) {
                    if (timetable.measured(n)) {
                        stages.expect(name, due);
                    } else {
                        stages.expectWarmup(name);
                    }
                }
                connection.client().publishWith().topic(connection.topic()).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(ThermostatPost.payload(n, isHot)).send()
                        .whenComplete((ack, error) -> {
                            if (error != null) {
                                failures.merge(reason(error), 1, Integer::sum);
                            } else {
                                acknowledged.incrementAndGet();
                                if (isHot) {
                                    stages.arrived(StageLatencies.Stage.PUBACK, name, System.nanoTime());
                                }
                            }
                        });
            }
            lateMicros = TimeUnit.NANOSECONDS.toMicros(worstLag);
            sentAt = System.nanoTime();
            long deadline = sentAt + TimeUnit.SECONDS.toNanos(config.graceSeconds());
            while (stages.missing(StageLatencies.Stage.ALERT) > 0 && System.nanoTime() - deadline < 0
                    && watcher.failure() == null) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
            }
            if (watcher.failure() != null) {
                failures.merge("reading Weft's topics: " + watcher.failure(), 1, Integer::sum);
            }
        }
        FleetConnector.disconnect(fleet.connected(), Duration.ofSeconds(10));
        JsonNode finalStatus = rules.awaitRunning(ruleId, Duration.ofSeconds(10));
        String report = report(config, timetable, productKey, ruleId, sql, stages, acknowledged.get(),
                new TreeMap<>(failures), lateMicros, finalStatus);
        System.out.print(report);
        System.out.flush();
        return stages.missing(StageLatencies.Stage.ALERT) == 0 && failures.isEmpty()
                && acknowledged.get() == timetable.posts();
    }

    private static String report(DeviceToAlertConfig config, HotTimetable timetable, String productKey,
                                 String ruleId, String sql, StageLatencies stages, long acknowledged,
                                 Map<String, Integer> failures, long lateMicros, JsonNode status) {
        StringBuilder text = new StringBuilder();
        text.append("Weft device -> rule -> alert: MQTT property post -> edge -> weft.up -> device pipeline -> "
                + "weft.telemetry -> rule job -> weft.alert-signals -> alert job -> weft.alerts (read_committed)\n");
        text.append(String.format(Locale.ROOT, "  product          %s, rule %s: %s%n", productKey, ruleId, sql));
        text.append(String.format(Locale.ROOT, "  load             %d posts/s QoS 1 open loop, %d s warm-up + %d s "
                        + "measured, %d cool devices, one post in %d hot (%d hot devices, one post each)%n",
                config.rate(), config.warmupSeconds(), config.durationSeconds(), config.devices(),
                config.alertEvery(), timetable.hotDevices()));
        text.append(String.format(Locale.ROOT, "  posts            %d due, %d acknowledged, failures %s; sender at most "
                + "%.1f ms behind its timetable%n", timetable.posts(), acknowledged, failures, lateMicros / 1e3));
        text.append(String.format(Locale.ROOT, "  warm-up          %d hot posts, %d opened an alert%n",
                stages.warmupPosts(), stages.warmupAlerted()));
        text.append(String.format(Locale.ROOT, "  %-24s %6s %7s %9s %9s %9s %9s %9s%n", "ms from scheduled send",
                "posts", "missing", "p50", "p90", "p99", "p99.9", "max"));
        StringBuilder json = new StringBuilder("{\"product\":\"" + productKey + "\",\"rate\":" + config.rate()
                + ",\"alertEvery\":" + config.alertEvery() + ",\"warmup\":" + config.warmupSeconds()
                + ",\"duration\":" + config.durationSeconds() + ",\"posts\":" + timetable.posts()
                + ",\"acknowledged\":" + acknowledged + ",\"failures\":" + failures.values().stream()
                .mapToInt(Integer::intValue).sum());
        for (StageLatencies.Stage stage : StageLatencies.Stage.values()) {
            LatencySummary s = stages.summary(stage);
            text.append(String.format(Locale.ROOT, "  %-24s %6d %7d %9.1f %9.1f %9.1f %9.1f %9.1f%n", stage.label(),
                    s.count(), s.missing(), s.p50(), s.p90(), s.p99(), s.p999(), s.max()));
            json.append(String.format(Locale.ROOT, ",\"%s\":{\"count\":%d,\"missing\":%d,\"p50\":%.1f,\"p90\":%.1f,"
                            + "\"p99\":%.1f,\"p999\":%.1f,\"max\":%.1f}", stage.name().toLowerCase(Locale.ROOT),
                    s.count(), s.missing(), s.p50(), s.p90(), s.p99(), s.p999(), s.max()));
        }
        long missing = stages.missing(StageLatencies.Stage.ALERT);
        text.append(missing == 0 ? "  every measured hot post opened its alert\n"
                : "  FAILED: " + missing + " measured hot posts have no opened alert " + config.graceSeconds()
                        + " s after the last post\n");
        text.append("  rule status      ").append(status).append('\n');
        return text.append(json).append("}\n").toString();
    }

    private static String reason(Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
