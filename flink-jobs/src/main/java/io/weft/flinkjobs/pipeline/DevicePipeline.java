package io.weft.flinkjobs.pipeline;

import io.weft.core.envelope.Telemetry;
import io.weft.core.envelope.Uplink;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * The device pipeline's logic, independent of where its input comes from and its output goes: uplinks are keyed
 * by device, validated against the thing models broadcast from the registry, and split into telemetry, rejections
 * and replies.
 */
public final class DevicePipeline {
    private DevicePipeline() {
    }

    public static PipelineOutputs wire(DataStream<Uplink> uplinks, DataStream<ProductChange> products) {
        BroadcastStream<ProductChange> models = products.broadcast(ValidateFunction.modelsDescriptor());
        SingleOutputStreamOperator<Telemetry> telemetry = uplinks
                .keyBy(u -> u.productKey() + "/" + u.deviceName())
                .connect(models)
                .process(new ValidateFunction())
                .name("validate against thing model")
                .uid("validate");
        return new PipelineOutputs(telemetry, telemetry.getSideOutput(ValidateFunction.REJECTED),
                telemetry.getSideOutput(ValidateFunction.REPLIES));
    }
}
