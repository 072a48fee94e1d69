package io.weft.bench.mqtt;

import io.weft.core.json.Json;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.node.ObjectNode;

/**
 * The figures of one run, printed as plain text and as one JSON line for the docs.
 *
 * @param devices          devices asked for
 * @param connected        devices that connected
 * @param qos              0 or 1
 * @param payloadBytes     size of a typical message
 * @param mode             {@code closed loop, inflight N} or {@code open loop, R msg/s}
 * @param durationSeconds  measured window
 * @param warmupSeconds    excluded time before it
 * @param sent             messages due in the window
 * @param acknowledged     of those, acknowledged (PUBACK, or written for QoS 0)
 * @param errors           of those, failed or still unacknowledged at the end
 * @param ackPerSecond     acknowledgements that arrived in the window, per second
 * @param kafkaPerSecond   records into {@code weft.up} per second over the window; null when not measured
 * @param p50Ms            latency percentiles and maximum, ms
 * @param brokerCpu        CPU the broker process used over the window; null when not measured
 * @param failures         failure reasons with counts (connects and publishes)
 */
public record LoadReport(int devices, int connected, int qos, int payloadBytes, String mode, long durationSeconds,
                         long warmupSeconds, long sent, long acknowledged, long errors, double ackPerSecond,
                         Double kafkaPerSecond, double p50Ms, double p90Ms, double p99Ms, double p999Ms,
                         double maxMs, BrokerCpu brokerCpu, Map<String, Long> failures) {

    /** How many thread groups of the broker the report lists, busiest first. */
    static final int THREAD_GROUPS_SHOWN = 8;

    /**
     * The broker process's CPU over the measured window.
     *
     * @param cpuSeconds      utime + stime of the process
     * @param cores           cpuSeconds per wall-clock second (1.0 = one core busy)
     * @param msgPerCpuSecond messages acknowledged in the window per CPU-second of the broker
     * @param threadGroups    CPU-seconds of the busiest thread groups (threads named alike, counter removed)
     */
    public record BrokerCpu(double cpuSeconds, double cores, double msgPerCpuSecond,
                            Map<String, Double> threadGroups) {

        static BrokerCpu of(ProcessCpu.Usage usage, long acknowledgedInWindow) {
            Map<String, Double> busiest = new java.util.LinkedHashMap<>();
            usage.secondsByThreadGroup().entrySet().stream()
                    .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                    .limit(THREAD_GROUPS_SHOWN)
                    .forEach(e -> busiest.put(e.getKey(), Math.round(e.getValue() * 100) / 100.0));
            return new BrokerCpu(Math.round(usage.cpuSeconds() * 100) / 100.0,
                    Math.round(usage.cores() * 100) / 100.0,
                    usage.cpuSeconds() > 0 ? Math.round(acknowledgedInWindow / usage.cpuSeconds()) : 0, busiest);
        }
    }

    /** More than this share of errors (messages, or devices that did not connect) fails the run. */
    static final double MAX_ERROR_SHARE = 0.01;

    public static LoadReport of(LoadConfig config, int connected, int payloadBytes, LoadTally.Snapshot figures,
                                long unacknowledged, Double kafkaPerSecond, ProcessCpu.Usage brokerCpu,
                                Map<String, Long> failures) {
        Histogram h = figures.latencyMicros();
        String mode = config.openLoop()
                ? String.format(Locale.ROOT, "open loop, %.0f msg/s", config.rate())
                : "closed loop, inflight " + config.inflight();
        return new LoadReport(config.devices(), connected, config.qos(), payloadBytes, mode,
                config.duration().toSeconds(), config.warmup().toSeconds(), figures.sent(), figures.acknowledged(),
                figures.failed() + unacknowledged,
                figures.acknowledgedInWindow() / (double) config.duration().toSeconds(), kafkaPerSecond,
                ms(h.getValueAtPercentile(50)), ms(h.getValueAtPercentile(90)), ms(h.getValueAtPercentile(99)),
                ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()),
                brokerCpu == null ? null : BrokerCpu.of(brokerCpu, figures.acknowledgedInWindow()), failures);
    }

    /** True when more than 1% of the messages failed, or more than 1% of the devices did not connect. */
    public boolean tooManyErrors() {
        return sent == 0 || errors > sent * MAX_ERROR_SHARE || devices - connected > devices * MAX_ERROR_SHARE;
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Weft MQTT load: %d devices (%d connected), QoS %d, %d-byte payloads, "
                + "%s%n", devices, connected, qos, payloadBytes, mode));
        out.append(String.format(Locale.ROOT, "  measured         %d s after %d s warmup%n", durationSeconds,
                warmupSeconds));
        out.append(String.format(Locale.ROOT, "  sent             %d%n", sent));
        out.append(String.format(Locale.ROOT, "  acknowledged     %d%n", acknowledged));
        out.append(String.format(Locale.ROOT, "  errors           %d%n", errors));
        out.append(String.format(Locale.ROOT, "  msg/s acked      %.1f%n", ackPerSecond));
        out.append(String.format(Locale.ROOT, "  msg/s into Kafka %s%n",
                kafkaPerSecond == null ? "not measured (no --kafka)" : String.format(Locale.ROOT, "%.1f",
                        kafkaPerSecond)));
        out.append(String.format(Locale.ROOT, "  latency ms       p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                p50Ms, p90Ms, p99Ms, p999Ms, maxMs));
        if (brokerCpu != null) {
            out.append(String.format(Locale.ROOT, "  broker CPU       %.2f s (%.2f cores), %.0f msg per CPU-second%n",
                    brokerCpu.cpuSeconds(), brokerCpu.cores(), brokerCpu.msgPerCpuSecond()));
            brokerCpu.threadGroups().forEach((group, seconds) -> out.append(String.format(Locale.ROOT,
                    "    %-22s %.2f s%n", group, seconds)));
        }
        failures.forEach((reason, count) -> out.append(String.format(Locale.ROOT, "  failure          %d x %s%n",
                count, reason)));
        return out.toString();
    }

    public String json() {
        ObjectNode node = Json.object();
        node.put("devices", devices).put("connected", connected).put("qos", qos).put("payloadBytes", payloadBytes)
                .put("mode", mode).put("durationSeconds", durationSeconds).put("warmupSeconds", warmupSeconds)
                .put("sent", sent).put("acknowledged", acknowledged).put("errors", errors)
                .put("ackPerSecond", round(ackPerSecond));
        if (kafkaPerSecond == null) {
            node.putNull("kafkaPerSecond");
        } else {
            node.put("kafkaPerSecond", round(kafkaPerSecond));
        }
        ObjectNode latency = node.putObject("latencyMs");
        latency.put("p50", p50Ms).put("p90", p90Ms).put("p99", p99Ms).put("p99.9", p999Ms).put("max", maxMs);
        if (brokerCpu == null) {
            node.putNull("brokerCpu");
        } else {
            ObjectNode cpu = node.putObject("brokerCpu");
            cpu.put("cpuSeconds", brokerCpu.cpuSeconds()).put("cores", brokerCpu.cores())
                    .put("msgPerCpuSecond", brokerCpu.msgPerCpuSecond());
            ObjectNode groups = cpu.putObject("threadGroups");
            brokerCpu.threadGroups().forEach(groups::put);
        }
        ObjectNode reasons = node.putObject("failures");
        failures.forEach(reasons::put);
        return Json.writeString(node);
    }

    private static double ms(long micros) {
        return Math.round(micros / 10.0) / 100.0;
    }

    private static double round(double perSecond) {
        return Math.round(perSecond * 10) / 10.0;
    }
}
