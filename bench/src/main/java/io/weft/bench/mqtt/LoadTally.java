package io.weft.bench.mqtt;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Counts and latencies of one run, safe to record from any thread. A message counts when its due time falls in
 * the measured window {@code [windowStart, windowEnd)} (nanoTime): sent, then acknowledged or failed, and its
 * latency (due time to acknowledgement, in µs) goes into an HdrHistogram. Messages due during the warmup are
 * sent and tracked as outstanding but leave no figures.
 */
public final class LoadTally {
    /** Latencies above this are recorded as this (the histogram must be bounded). */
    private static final long MAX_LATENCY_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final long windowStart;
    private final long windowEnd;
    private final Recorder latencies = new Recorder(MAX_LATENCY_MICROS, 3);
    private final LongAdder sent = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder acknowledgedInWindow = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder outstanding = new LongAdder();
    private final LongAdder issuedTotal = new LongAdder();
    private final LongAdder acknowledgedTotal = new LongAdder();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

    public LoadTally(long windowStartNanos, long windowEndNanos) {
        this.windowStart = windowStartNanos;
        this.windowEnd = windowEndNanos;
    }

    public long windowStart() {
        return windowStart;
    }

    public long windowEnd() {
        return windowEnd;
    }

    /** True when a message due at {@code nanos} is measured. */
    public boolean inWindow(long nanos) {
        return nanos - windowStart >= 0 && nanos - windowEnd < 0;
    }

    public void sent(long dueNanos) {
        outstanding.increment();
        issuedTotal.increment();
        if (inWindow(dueNanos)) {
            sent.increment();
        }
    }

    /** PUBACK received (QoS 1) or PUBLISH written (QoS 0) at {@code nowNanos}. */
    public void acknowledged(long dueNanos, long nowNanos) {
        outstanding.decrement();
        acknowledgedTotal.increment();
        if (inWindow(nowNanos)) {
            acknowledgedInWindow.increment();
        }
        if (inWindow(dueNanos)) {
            acknowledged.increment();
            long micros = Math.max(0, TimeUnit.NANOSECONDS.toMicros(nowNanos - dueNanos));
            latencies.recordValue(Math.min(micros, MAX_LATENCY_MICROS));
        }
    }

    public void failed(long dueNanos, String reason) {
        outstanding.decrement();
        if (inWindow(dueNanos)) {
            failed.increment();
            failures.computeIfAbsent(reason, r -> new LongAdder()).increment();
        }
    }

    /** Messages sent and neither acknowledged nor failed yet, warmup included. */
    public long outstanding() {
        return outstanding.sum();
    }

    /** Messages sent since the start, warmup included (for progress lines). */
    public long issuedTotal() {
        return issuedTotal.sum();
    }

    /** Acknowledgements since the start, warmup included (for progress lines). */
    public long acknowledgedTotal() {
        return acknowledgedTotal.sum();
    }

    /** The figures so far; latencies recorded since the previous snapshot are moved into it. */
    public Snapshot snapshot() {
        Map<String, Long> reasons = new TreeMap<>();
        failures.forEach((reason, count) -> reasons.put(reason, count.sum()));
        return new Snapshot(sent.sum(), acknowledged.sum(), acknowledgedInWindow.sum(), failed.sum(), reasons,
                latencies.getIntervalHistogram());
    }

    /**
     * @param sent                 messages due in the window
     * @param acknowledged         of those, acknowledged (whenever that happened)
     * @param acknowledgedInWindow acknowledgements that arrived in the window (the throughput figure)
     * @param failed               of those sent, failed
     * @param failures             failure reasons with counts
     * @param latencyMicros        due time to acknowledgement of the acknowledged ones
     */
    public record Snapshot(long sent, long acknowledged, long acknowledgedInWindow, long failed,
                           Map<String, Long> failures, Histogram latencyMicros) {
    }
}
