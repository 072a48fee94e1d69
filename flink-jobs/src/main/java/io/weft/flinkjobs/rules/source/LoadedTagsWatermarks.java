package io.weft.flinkjobs.rules.source;

import io.weft.core.registry.DeviceTagsEntry;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * The watermark of the device-tag stream: none while the registry is being loaded (until a first quiet spell of
 * {@code quiet} after a record; a registry without tags is never loaded, and the stream is idle then), so the attribute joins hold every reading back until the tags in the registry
 * have been read (the stream is then marked idle, see {@link DeviceAttributesTable#watermarks}); after that, with
 * each change, the newest change's time. Never on its own between changes: a tag stream whose watermark moved ahead
 * of a telemetry stream still idle at start would move the join's watermark to the newest change and let it drop
 * the older versions of the tags before the readings they belong to arrive.
 */
final class LoadedTagsWatermarks implements WatermarkGenerator<DeviceTagsEntry> {
    private final long quietNanos;
    private long lastRecordNanos;
    private boolean seenAny;
    private boolean loaded;
    private long newest = Long.MIN_VALUE;

    LoadedTagsWatermarks(Duration quiet) {
        this.quietNanos = quiet.toNanos();
    }

    @Override
    public void onEvent(DeviceTagsEntry event, long eventTimestamp, WatermarkOutput output) {
        long now = System.nanoTime();
        if (!loaded && seenAny && now - lastRecordNanos >= quietNanos) {
            loaded = true;
        }
        seenAny = true;
        lastRecordNanos = now;
        newest = Math.max(newest, eventTimestamp);
        if (loaded) {
            output.emitWatermark(new Watermark(newest - 1));
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        // Only with a change, see above.
    }
}
