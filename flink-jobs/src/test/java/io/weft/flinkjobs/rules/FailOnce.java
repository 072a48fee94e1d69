package io.weft.flinkjobs.rules;

import io.weft.core.envelope.Telemetry;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Passes telemetry through, but throws when it meets the device {@code marker} in the job's first attempt: a task
 * failure mid-run, after which Flink restarts the job from its last completed checkpoint. Later attempts pass the
 * marker like any record, so the job then runs to the end of its input.
 */
final class FailOnce extends RichMapFunction<Telemetry, Telemetry> {
    private final String marker;

    FailOnce(String marker) {
        this.marker = marker;
    }

    @Override
    public Telemetry map(Telemetry t) {
        if (marker.equals(t.deviceName()) && getRuntimeContext().getTaskInfo().getAttemptNumber() == 0) {
            throw new IllegalStateException("forced failure at " + marker + ", to test recovery");
        }
        return t;
    }
}
