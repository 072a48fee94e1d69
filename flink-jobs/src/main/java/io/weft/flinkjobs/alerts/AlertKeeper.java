package io.weft.flinkjobs.alerts;

import io.weft.core.alert.Alert;
import io.weft.core.rule.AlertSignal;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by alert key: applies signals (first input) to the key's {@link KeyState} through {@link AlertLifecycle}
 * and emits each changed alert; the job's own earlier records (second input, read back from {@code weft.alerts})
 * restore a key whose state was lost. The moment a flapping key counts as stable is a processing-time timer: flap
 * windows are about when signals arrive, not about devices' clocks.
 */
final class AlertKeeper extends KeyedCoProcessFunction<String, AlertSignal, Alert, Alert> {
    private static final ValueStateDescriptor<KeyState> STATE =
            new ValueStateDescriptor<>("alert-key", TypeInformation.of(KeyState.class));

    private final AlertLifecycle lifecycle;
    private transient ValueState<KeyState> state;

    AlertKeeper(FlapPolicy flap) {
        this.lifecycle = new AlertLifecycle(flap);
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(STATE);
    }

    @Override
    public void processElement1(AlertSignal signal, Context ctx, Collector<Alert> out) throws Exception {
        if (signal.action() == null || signal.name() == null || signal.productKey() == null) {
            return;
        }
        apply(lifecycle.onSignal(current(), signal, ctx.timerService().currentProcessingTime()), ctx, out);
    }

    @Override
    public void processElement2(Alert record, Context ctx, Collector<Alert> out) throws Exception {
        KeyState before = current();
        KeyState after = lifecycle.restore(before, record, ctx.timerService().currentProcessingTime());
        if (after != before) {
            apply(new AlertLifecycle.Step(after, null), ctx, out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        KeyState s = current();
        if (s.stableAt() == timestamp) {
            apply(lifecycle.onStable(s, timestamp), ctx, out);
        }
    }

    private KeyState current() throws Exception {
        KeyState s = state.value();
        return s == null ? KeyState.EMPTY : s;
    }

    private void apply(AlertLifecycle.Step step, Context ctx, Collector<Alert> out) throws Exception {
        KeyState before = current();
        if (before.stableAt() != step.state().stableAt()) {
            if (before.stableAt() > 0) {
                ctx.timerService().deleteProcessingTimeTimer(before.stableAt());
            }
            if (step.state().stableAt() > 0) {
                ctx.timerService().registerProcessingTimeTimer(step.state().stableAt());
            }
        }
        state.update(step.state());
        if (step.changed() != null) {
            out.collect(step.changed());
        }
    }
}
