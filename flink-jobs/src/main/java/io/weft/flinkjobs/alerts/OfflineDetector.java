package io.weft.flinkjobs.alerts;

import io.weft.core.envelope.Presence;
import io.weft.core.json.Json;
import io.weft.core.rule.AlertSignal;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by device ({@code pk/dn}): raises {@code device-offline} when a device has been offline for the product's
 * {@link OfflinePolicy} delay, and clears it when the device is back. Presence events are applied with the session
 * epoch rule ({@link Presence#supersedes}), so a late OFFLINE of an old session does not start a countdown for a
 * device that is online again.
 *
 * <p>The countdown is a <b>processing-time</b> timer started when the OFFLINE is read: "offline for five minutes"
 * means five minutes on the platform's clock, and it must fire when nothing more arrives from the device, which an
 * event-time timer never would (no later event, no watermark). An ONLINE before it fires cancels it; an ONLINE after
 * it fired clears the alert (an ONLINE of a device the detector knows nothing about, e.g. after its state was lost,
 * also sends a clear, which clears nothing when no alert is open).
 */
final class OfflineDetector extends KeyedProcessFunction<String, Presence, AlertSignal> {
    private static final ValueStateDescriptor<Tracked> STATE =
            new ValueStateDescriptor<>("presence", TypeInformation.of(Tracked.class));

    private final OfflinePolicy policy;
    private transient ValueState<Tracked> state;

    /** The device's presence as applied: the event it came from, the countdown's deadline (0: none), raised yet. */
    public record Tracked(long sessionEpoch, boolean online, long offlineAt, String reason, String edge,
                          long deadline, boolean alerted) {
    }

    OfflineDetector(OfflinePolicy policy) {
        this.policy = policy;
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(STATE);
    }

    @Override
    public void processElement(Presence event, Context ctx, Collector<AlertSignal> out) throws Exception {
        Tracked before = state.value();
        if (!event.supersedes(before == null ? 0 : before.sessionEpoch(), before != null && before.online())) {
            return;
        }
        if (before != null && before.deadline() > 0) {
            ctx.timerService().deleteProcessingTimeTimer(before.deadline());
        }
        if (event.state() == Presence.State.ONLINE) {
            if (before == null || before.alerted()) {
                out.collect(signal(event.productKey(), event.deviceName(), AlertSignal.Action.CLEAR, null,
                        event.time()));
            }
            state.update(new Tracked(event.sessionEpoch(), true, 0, null, event.edge(), 0, false));
            return;
        }
        long deadline = ctx.timerService().currentProcessingTime() + policy.afterMs(event.productKey());
        ctx.timerService().registerProcessingTimeTimer(deadline);
        state.update(new Tracked(event.sessionEpoch(), false, event.time(), event.reason(), event.edge(), deadline,
                before != null && before.alerted()));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AlertSignal> out) throws Exception {
        Tracked t = state.value();
        if (t == null || t.online() || t.deadline() != timestamp) {
            return;
        }
        String key = ctx.getCurrentKey();
        int slash = key.indexOf('/');
        String productKey = key.substring(0, slash);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("offlineSince", t.offlineAt());
        details.put("reason", t.reason());
        details.put("edge", t.edge());
        details.put("offlineAfterMs", policy.afterMs(productKey));
        out.collect(signal(productKey, key.substring(slash + 1), AlertSignal.Action.RAISE, Json.writeString(details),
                t.offlineAt()));
        state.update(new Tracked(t.sessionEpoch(), false, t.offlineAt(), t.reason(), t.edge(), 0, true));
    }

    private AlertSignal signal(String productKey, String deviceName, AlertSignal.Action action, String details,
                               long eventTime) {
        return new AlertSignal(OfflinePolicy.ALERT_NAME, policy.severity(), action, OfflinePolicy.SOURCE, productKey,
                deviceName, details, eventTime);
    }
}
