package io.weft.flinkjobs.rules.dryrun;

import io.weft.core.envelope.Telemetry;
import io.weft.flinkjobs.rules.source.TelemetryRows;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The rule job's watermark policy (event time from the device, the watermark trailing the newest device time by
 * the out-of-orderness), with the watermark moved after every message instead of every 200 ms: a dry run reads its
 * input in a burst, and this makes it decide lateness as the live job does for messages that arrive spread out, and
 * the same way on every run.
 */
final class EveryMessageWatermarks implements WatermarkGenerator<Telemetry> {
    private final long outOfOrderness;
    private long newest;

    private EveryMessageWatermarks(Duration outOfOrderness) {
        this.outOfOrderness = outOfOrderness.toMillis();
        this.newest = Long.MIN_VALUE + this.outOfOrderness + 1;
    }

    static WatermarkStrategy<Telemetry> strategy(Duration outOfOrderness) {
        return WatermarkStrategy.<Telemetry>forGenerator(context -> new EveryMessageWatermarks(outOfOrderness))
                .withTimestampAssigner((t, kafkaTime) -> TelemetryRows.eventTime(t));
    }

    @Override
    public void onEvent(Telemetry event, long eventTimestamp, WatermarkOutput output) {
        newest = Math.max(newest, eventTimestamp);
        output.emitWatermark(new Watermark(newest - outOfOrderness - 1));
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        // Emitted with every message.
    }
}
