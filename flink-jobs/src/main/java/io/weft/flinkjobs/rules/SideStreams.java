package io.weft.flinkjobs.rules;

import io.weft.core.envelope.Presence;
import io.weft.core.registry.DeviceTagsEntry;
import java.util.function.Supplier;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The streams a group's rules may read besides telemetry, each asked for only when a rule of the group reads it:
 * {@code status}, presence events for rules on device status (see {@code source.StatusTable}); {@code attributes},
 * device-tag changes for rules that read device attributes (see {@code source.DeviceAttributesTable}). Each carries
 * event timestamps and watermarks.
 */
public record SideStreams(Supplier<DataStream<Presence>> status,
                          Supplier<DataStream<DeviceTagsEntry>> attributes) {

    /** Neither stream: a group with a rule that reads one is refused, naming what is missing. */
    public static SideStreams none() {
        return new SideStreams(() -> {
            throw new IllegalArgumentException("a rule reads device status, and this rule runtime was given no "
                    + "stream of presence events");
        }, () -> {
            throw new IllegalArgumentException("a rule reads device attributes, and this rule runtime was given no "
                    + "stream of device tags");
        });
    }

    /** The same, with presence events from {@code status}. */
    public SideStreams withStatus(Supplier<DataStream<Presence>> status) {
        return new SideStreams(status, attributes);
    }

    /** The same, with device-tag changes from {@code attributes}. */
    public SideStreams withAttributes(Supplier<DataStream<DeviceTagsEntry>> attributes) {
        return new SideStreams(status, attributes);
    }
}
