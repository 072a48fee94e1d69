package io.weft.bench.rules;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * Latencies of hot posts through the stages of the platform, each from the post's scheduled send time: the edge's
 * PUBACK, its reading on {@code weft.telemetry}, the rule's signal on {@code weft.alert-signals} and the opened alert
 * on {@code weft.alerts}. A hot device sends one post, so its name identifies the post at every stage. Only posts
 * {@linkplain #expect expected} (due in the measured window) count, each once per stage; warm-up posts are
 * {@linkplain #expectWarmup counted} apart. Thread-safe.
 */
final class StageLatencies {

    /** The stages a hot post passes, in order. */
    enum Stage {
        PUBACK("PUBACK (in weft.up)"),
        TELEMETRY("on weft.telemetry"),
        SIGNAL("on weft.alert-signals"),
        ALERT("opened on weft.alerts");

        private final String label;

        Stage(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    private final Map<String, Long> due = new ConcurrentHashMap<>();
    private final Set<String> warmup = ConcurrentHashMap.newKeySet();
    private final Set<String> warmupAlerted = new HashSet<>();
    private final Map<Stage, Histogram> micros = new EnumMap<>(Stage.class);
    private final Map<Stage, Set<String>> seen = new EnumMap<>(Stage.class);

    StageLatencies() {
        for (Stage stage : Stage.values()) {
            micros.put(stage, new Histogram(TimeUnit.HOURS.toMicros(1), 3));
            seen.put(stage, new HashSet<>());
        }
    }

    /** A measured hot post of {@code device}, due at {@code dueNanos} ({@link System#nanoTime()}). */
    void expect(String device, long dueNanos) {
        due.put(device, dueNanos);
    }

    /** A hot post of {@code device} sent in the warm-up: not measured, its alert only counted. */
    void expectWarmup(String device) {
        warmup.add(device);
    }

    /** {@code device}'s post reached {@code stage} at {@code nanos}; repeats and unknown devices are ignored. */
    synchronized void arrived(Stage stage, String device, long nanos) {
        Long dueNanos = due.get(device);
        if (dueNanos == null) {
            if (stage == Stage.ALERT && warmup.contains(device)) {
                warmupAlerted.add(device);
            }
            return;
        }
        if (seen.get(stage).add(device)) {
            micros.get(stage).recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(nanos - dueNanos)));
        }
    }

    /** Measured posts that have not reached {@code stage}. */
    synchronized int missing(Stage stage) {
        return due.size() - seen.get(stage).size();
    }

    /** The measured posts' latency to {@code stage}. */
    synchronized LatencySummary summary(Stage stage) {
        return LatencySummary.of(micros.get(stage), due.size());
    }

    synchronized int warmupPosts() {
        return warmup.size();
    }

    synchronized int warmupAlerted() {
        return warmupAlerted.size();
    }
}
