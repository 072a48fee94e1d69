package io.weft.bench.rules;

import org.HdrHistogram.Histogram;

/**
 * Latency of the measured posts at one stage, in ms, from a histogram in µs.
 *
 * @param expected posts that should have arrived
 * @param count    posts that arrived
 * @param p50      ms; 0 when none arrived, as the other figures
 */
record LatencySummary(long expected, long count, double p50, double p90, double p99, double p999, double max) {

    static LatencySummary of(Histogram micros, long expected) {
        return new LatencySummary(expected, micros.getTotalCount(), ms(micros, 50), ms(micros, 90), ms(micros, 99),
                ms(micros, 99.9), micros.getTotalCount() == 0 ? 0 : micros.getMaxValue() / 1e3);
    }

    private static double ms(Histogram micros, double percentile) {
        return micros.getTotalCount() == 0 ? 0 : micros.getValueAtPercentile(percentile) / 1e3;
    }

    /** Posts that never arrived. */
    long missing() {
        return expected - count;
    }
}
