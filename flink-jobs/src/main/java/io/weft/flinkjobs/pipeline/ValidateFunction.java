package io.weft.flinkjobs.pipeline;

import io.weft.core.alink.AlinkCode;
import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.Rejected;
import io.weft.core.envelope.Telemetry;
import io.weft.core.envelope.Uplink;
import io.weft.core.tsl.ThingModel;
import io.weft.core.tsl.ThingModelException;
import io.weft.core.tsl.ThingModelJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Validates uplinks against thing models held as broadcast state from the registry topic. An uplink whose product
 * is not known yet waits in keyed state until the product arrives (the two topics are read in parallel, so the
 * registry may lag), and is rejected with {@link AlinkCode#TSL_NOT_FOUND} after {@link #PENDING_TIMEOUT_MS}.
 */
public final class ValidateFunction extends KeyedBroadcastProcessFunction<String, Uplink, ProductChange, Telemetry> {
    static final long PENDING_TIMEOUT_MS = 30_000;

    static final MapStateDescriptor<String, String> MODELS =
            new MapStateDescriptor<>("thing-models", Types.STRING, Types.STRING);
    static final ListStateDescriptor<HeldUplink> PENDING =
            new ListStateDescriptor<>("awaiting-thing-model", TypeInformation.of(HeldUplink.class));
    public static final OutputTag<Rejected> REJECTED = new OutputTag<>("rejected", TypeInformation.of(Rejected.class));
    public static final OutputTag<Downlink> REPLIES = new OutputTag<>("replies", TypeInformation.of(Downlink.class));

    private transient Map<String, ThingModel> parsed;

    @Override
    public void open(OpenContext openContext) {
        parsed = new HashMap<>();
    }

    @Override
    public void processElement(Uplink uplink, ReadOnlyContext ctx, Collector<Telemetry> out) throws Exception {
        if (!UplinkValidator.validates(uplink)) {
            return;
        }
        String json = ctx.getBroadcastState(MODELS).get(uplink.productKey());
        if (json == null) {
            long now = ctx.timerService().currentProcessingTime();
            getRuntimeContext().getListState(PENDING).add(new HeldUplink(uplink, now));
            ctx.timerService().registerProcessingTimeTimer(now + PENDING_TIMEOUT_MS);
            return;
        }
        emit(UplinkValidator.validate(uplink, model(uplink.productKey(), json)), ctx, out);
    }

    @Override
    public void processBroadcastElement(ProductChange change, Context ctx, Collector<Telemetry> out)
            throws Exception {
        BroadcastState<String, String> models = ctx.getBroadcastState(MODELS);
        parsed.remove(change.productKey());
        if (change.thingModel() == null) {
            models.remove(change.productKey());
            return;
        }
        models.put(change.productKey(), change.thingModel());
        ThingModel model = model(change.productKey(), change.thingModel());
        ctx.applyToKeyedState(PENDING, (key, state) -> {
            List<HeldUplink> waiting = new ArrayList<>();
            List<HeldUplink> keep = new ArrayList<>();
            for (HeldUplink held : state.get()) {
                (held.uplink().productKey().equals(change.productKey()) ? waiting : keep).add(held);
            }
            if (waiting.isEmpty()) {
                return;
            }
            state.update(keep);
            for (HeldUplink held : waiting) {
                UplinkValidator.Outcome outcome = UplinkValidator.validate(held.uplink(), model);
                if (outcome.telemetry() != null) {
                    out.collect(outcome.telemetry());
                }
                if (outcome.rejected() != null) {
                    ctx.output(REJECTED, outcome.rejected());
                }
                if (outcome.reply() != null) {
                    ctx.output(REPLIES, outcome.reply());
                }
            }
        });
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Telemetry> out) throws Exception {
        ListState<HeldUplink> pending = getRuntimeContext().getListState(PENDING);
        List<HeldUplink> keep = new ArrayList<>();
        for (HeldUplink held : pending.get()) {
            if (held.heldAt() + PENDING_TIMEOUT_MS <= timestamp) {
                emit(UplinkValidator.validate(held.uplink(), null), ctx, out);
            } else {
                keep.add(held);
            }
        }
        pending.update(keep);
    }

    private void emit(UplinkValidator.Outcome outcome, ReadOnlyContext ctx, Collector<Telemetry> out) {
        if (outcome.telemetry() != null) {
            out.collect(outcome.telemetry());
        }
        if (outcome.rejected() != null) {
            ctx.output(REJECTED, outcome.rejected());
        }
        if (outcome.reply() != null) {
            ctx.output(REPLIES, outcome.reply());
        }
    }

    private ThingModel model(String productKey, String json) {
        return parsed.computeIfAbsent(productKey, pk -> {
            try {
                return ThingModelJson.parse(json);
            } catch (ThingModelException e) {
                return null;
            }
        });
    }

    /** An uplink waiting for its product's thing model, and when (this operator's processing time) it began to. */
    public record HeldUplink(Uplink uplink, long heldAt) {
    }

    /** The broadcast state descriptor, for wiring the registry stream. */
    public static MapStateDescriptor<String, String> modelsDescriptor() {
        return MODELS;
    }
}
