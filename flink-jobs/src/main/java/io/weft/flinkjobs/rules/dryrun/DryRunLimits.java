package io.weft.flinkjobs.rules.dryrun;

import java.time.Duration;

/**
 * How much one dry run may do.
 *
 * @param maxMessages        messages read at most; a Kafka range is cut to this many offsets (the report says so)
 * @param maxDuration        wall time at most, from submitting the job to its last row; a run over it is cancelled
 * @param maxOutOfOrderness  the watermark's lag behind the newest device time, as the live rule job's
 *                           {@code --max-out-of-orderness-ms}: the same rows are late for a window in both
 */
public record DryRunLimits(int maxMessages, Duration maxDuration, Duration maxOutOfOrderness) {

    public DryRunLimits {
        if (maxMessages < 1) {
            throw new IllegalArgumentException("maxMessages must be at least 1, not " + maxMessages);
        }
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("maxDuration must be positive, not " + maxDuration);
        }
    }

    /** 10,000 messages, 60 s, the rule job's default 5 s out of order. */
    public static DryRunLimits defaults() {
        return new DryRunLimits(10_000, Duration.ofSeconds(60), Duration.ofSeconds(5));
    }
}
