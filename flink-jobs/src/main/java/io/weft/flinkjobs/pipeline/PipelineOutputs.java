package io.weft.flinkjobs.pipeline;

import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.Rejected;
import io.weft.core.envelope.Telemetry;
import org.apache.flink.streaming.api.datastream.DataStream;

/** What the device pipeline produces: valid telemetry, rejected uplinks, and replies for devices. */
public record PipelineOutputs(DataStream<Telemetry> telemetry, DataStream<Rejected> rejected,
                              DataStream<Downlink> replies) {
}
