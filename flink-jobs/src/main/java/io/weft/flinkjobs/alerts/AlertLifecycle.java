package io.weft.flinkjobs.alerts;

import io.weft.core.alert.Alert;
import io.weft.core.alert.Alert.Change;
import io.weft.core.alert.Alert.State;
import io.weft.core.json.Json;
import io.weft.core.rule.AlertSignal;
import io.weft.core.rule.Severity;
import java.io.Serializable;
import java.util.Arrays;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * The life of the alerts of one key, as a pure function of the key's state, a signal and the time: at most one open
 * alert per key (a raise while open is deduplicated into it), acknowledge and clear, and flap suppression
 * ({@link FlapPolicy}). Every change returns the whole changed alert with its revision one higher; a signal that
 * changes nothing returns no alert.
 *
 * <p>Operators ({@code operator:...} sources) act on the open alert whatever its flapping: their clear closes it at
 * once and does not count towards flapping. An operator's signal may name the alert it means with
 * {@code {"alertId": "..."}} in its details; it is ignored when the key's open alert is another one (the one meant
 * was cleared and the key opened again meanwhile).
 */
public final class AlertLifecycle implements Serializable {
    /** What a source of an operator's signals starts with. */
    public static final String OPERATOR = "operator:";

    private final FlapPolicy flap;

    public AlertLifecycle(FlapPolicy flap) {
        this.flap = flap;
    }

    /** The key's new state, and the alert record to write (null when nothing changed). */
    public record Step(KeyState state, Alert changed) {
    }

    public Step onSignal(KeyState state, AlertSignal signal, long now) {
        switch (signal.action()) {
            case RAISE:
                return raise(state, signal, now);
            case CLEAR:
                return clear(state, signal, now);
            case ACKNOWLEDGE:
                return acknowledge(state, signal, now);
            default:
                throw new IllegalArgumentException("unknown action " + signal.action());
        }
    }

    /** The key has been stable for the flap window: a flapping alert clears, or stays open no longer flapping. */
    public Step onStable(KeyState state, long now) {
        Alert open = state.open();
        if (open == null || !open.flapping()) {
            return new Step(withStableAt(state, 0), null);
        }
        if (state.raised()) {
            Alert stable = change(open, Change.STABLE, now, open.state(), false, open.count(), open.lastRaisedAt(),
                    open.lastEventTime(), open.severity(), open.details(), open.acknowledgedAt(),
                    open.acknowledgedBy(), null, null);
            return new Step(new KeyState(stable, state.clearedAt(), true, null, 0), stable);
        }
        Alert cleared = change(open, Change.CLEARED, now, State.CLEARED, false, open.count(), open.lastRaisedAt(),
                open.lastEventTime(), open.severity(), open.details(), open.acknowledgedAt(), open.acknowledgedBy(),
                now, state.heldClearBy());
        return new Step(new KeyState(cleared, append(recent(state.clearedAt(), now), now), false, null, 0), cleared);
    }

    /**
     * A record the job wrote earlier, read back from {@code weft.alerts}: adopted when the key knows nothing newer
     * (its state was lost, as when the job starts without a savepoint), ignored otherwise. An adopted flapping
     * alert counts as stable one window from now.
     */
    public KeyState restore(KeyState state, Alert record, long now) {
        Alert last = state.last();
        boolean newer = last == null
                || (last.id().equals(record.id()) && record.revision() > last.revision())
                || (!last.id().equals(record.id()) && record.firstRaisedAt() > last.firstRaisedAt());
        if (!newer) {
            return state;
        }
        boolean flapping = record.isOpen() && record.flapping();
        return new KeyState(record, state.clearedAt(), record.isOpen() && record.change() != Change.CLEAR_HELD,
                null, flapping ? now + flap.windowMs() : 0);
    }

    private Step raise(KeyState state, AlertSignal signal, long now) {
        Alert open = state.open();
        if (open != null) {
            boolean flip = open.flapping() && !state.raised();
            Alert repeated = change(open, Change.REPEATED, now, open.state(), open.flapping(), open.count() + 1, now,
                    signal.eventTime(), signal.severity(), signal.details(), open.acknowledgedAt(),
                    open.acknowledgedBy(), null, null);
            return new Step(new KeyState(repeated, state.clearedAt(), true, null,
                    flip ? now + flap.windowMs() : state.stableAt()), repeated);
        }
        long[] recent = recent(state.clearedAt(), now);
        boolean flapping = recent.length >= flap.threshold();
        Alert opened = new Alert(UUID.randomUUID().toString(), signal.key(), signal.name(), signal.severity(),
                State.OPEN, flapping, 1, now, now, signal.eventTime(), null, null, null, null, signal.source(),
                signal.productKey(), signal.deviceName(), signal.details(), 1, Change.OPENED, now);
        return new Step(new KeyState(opened, recent, true, null, flapping ? now + flap.windowMs() : 0), opened);
    }

    private Step clear(KeyState state, AlertSignal signal, long now) {
        Alert open = state.open();
        if (open == null || !meant(signal, open)) {
            return new Step(open == null ? new KeyState(state.last(), state.clearedAt(), false, null, 0) : state,
                    null);
        }
        boolean operator = isOperator(signal);
        if (open.flapping() && !operator) {
            if (!state.raised()) {
                return new Step(state, null);
            }
            Alert held = change(open, Change.CLEAR_HELD, now, open.state(), true, open.count(), open.lastRaisedAt(),
                    open.lastEventTime(), open.severity(), open.details(), open.acknowledgedAt(),
                    open.acknowledgedBy(), null, null);
            return new Step(new KeyState(held, state.clearedAt(), false, signal.source(), now + flap.windowMs()),
                    held);
        }
        Alert cleared = change(open, Change.CLEARED, now, State.CLEARED, false, open.count(), open.lastRaisedAt(),
                open.lastEventTime(), open.severity(), open.details(), open.acknowledgedAt(), open.acknowledgedBy(),
                now, signal.source());
        long[] clearedAt = operator ? state.clearedAt() : append(recent(state.clearedAt(), now), now);
        return new Step(new KeyState(cleared, clearedAt, false, null, 0), cleared);
    }

    private Step acknowledge(KeyState state, AlertSignal signal, long now) {
        Alert open = state.open();
        if (open == null || open.state() != State.OPEN || !meant(signal, open)) {
            return new Step(state, null);
        }
        Alert acknowledged = change(open, Change.ACKNOWLEDGED, now, State.ACKNOWLEDGED, open.flapping(),
                open.count(), open.lastRaisedAt(), open.lastEventTime(), open.severity(), open.details(), now,
                signal.source(), null, null);
        return new Step(new KeyState(acknowledged, state.clearedAt(), state.raised(), state.heldClearBy(),
                state.stableAt()), acknowledged);
    }

    private static boolean isOperator(AlertSignal signal) {
        return signal.source() != null && signal.source().startsWith(OPERATOR);
    }

    /** True unless the signal names another alert than {@code open} ({@code {"alertId": ...}} in its details). */
    private static boolean meant(AlertSignal signal, Alert open) {
        if (signal.details() == null || !signal.details().contains("alertId")) {
            return true;
        }
        try {
            JsonNode id = Json.tree(signal.details()).get("alertId");
            return id == null || !id.isString() || id.asString().equals(open.id());
        } catch (RuntimeException e) {
            return true;
        }
    }

    private static Alert change(Alert a, Change change, long at, State state, boolean flapping, long count,
                                long lastRaisedAt, long lastEventTime, Severity severity,
                                String details, Long acknowledgedAt, String acknowledgedBy, Long clearedAt,
                                String clearedBy) {
        return new Alert(a.id(), a.key(), a.name(), severity, state, flapping, count, a.firstRaisedAt(),
                lastRaisedAt, lastEventTime, acknowledgedAt, acknowledgedBy, clearedAt, clearedBy, a.source(),
                a.productKey(), a.deviceName(), details, a.revision() + 1, change, at);
    }

    private long[] recent(long[] clearedAt, long now) {
        return Arrays.stream(clearedAt).filter(t -> t > now - flap.windowMs()).toArray();
    }

    private static long[] append(long[] times, long t) {
        long[] more = Arrays.copyOf(times, times.length + 1);
        more[times.length] = t;
        return more;
    }

    private static KeyState withStableAt(KeyState s, long stableAt) {
        return new KeyState(s.last(), s.clearedAt(), s.raised(), s.heldClearBy(), stableAt);
    }
}
