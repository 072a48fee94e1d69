package io.weft.bench.rules;

import java.util.List;

/**
 * The rate of the steady part of a backlog run: from samples of how many input records a job has committed over
 * time, the records per second between the first sample at or past {@code from} of the total and the first at or
 * past {@code to}. Committed offsets move in steps, one per checkpoint, so the two ends are checkpoints and the
 * start-up (planning, deployment, the first checkpoint) and the tail are left out.
 */
final class SteadyRate {

    /** Records committed by {@code nanos} (a monotonic clock). */
    record Sample(long nanos, long committed) {
    }

    /** The measured window: {@code records} committed in {@code seconds}. */
    record Window(long records, double seconds) {
        double perSecond() {
            return records / seconds;
        }
    }

    private SteadyRate() {
    }

    /**
     * @throws IllegalArgumentException when the samples never reach {@code to} of {@code total}, or both ends fall
     *                                  on one sample (too few checkpoints in the run to tell a rate)
     */
    static Window of(List<Sample> samples, long total, double from, double to) {
        Sample first = firstAtLeast(samples, (long) Math.ceil(total * from));
        Sample last = firstAtLeast(samples, (long) Math.ceil(total * to));
        if (first == null || last == null) {
            throw new IllegalArgumentException("the job committed " + (samples.isEmpty() ? 0
                    : samples.get(samples.size() - 1).committed()) + " of " + total + " records");
        }
        if (last.nanos() == first.nanos()) {
            throw new IllegalArgumentException("one checkpoint committed from " + from + " to " + to
                    + " of the records: run more records or a shorter checkpoint interval");
        }
        return new Window(last.committed() - first.committed(), (last.nanos() - first.nanos()) / 1e9);
    }

    private static Sample firstAtLeast(List<Sample> samples, long records) {
        return samples.stream().filter(s -> s.committed() >= records).findFirst().orElse(null);
    }
}
