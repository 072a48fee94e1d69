package io.weft.flinkjobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.alert.Alert;
import io.weft.core.alert.Alert.Change;
import io.weft.core.alert.Alert.State;
import io.weft.core.rule.AlertSignal;
import io.weft.core.rule.AlertSignal.Action;
import io.weft.core.rule.Severity;
import org.junit.jupiter.api.Test;

/**
 * The life of one key's alerts as a pure function: dedup into one open alert, acknowledge, clear, and the flap
 * policy (threshold 2 clears within a 10 s window), driven by an explicit clock.
 */
class AlertLifecycleTest {
    private static final long WINDOW = 10_000;
    private final AlertLifecycle lifecycle = new AlertLifecycle(new FlapPolicy(2, WINDOW));
    private KeyState state = KeyState.EMPTY;

    @Test
    void raiseTwice_thenOneAlertCountingTwo_withTheLatestSeverity() {
        Alert opened = signal(Action.RAISE, "rule:hot", Severity.MINOR, 1000);
        Alert repeated = signal(Action.RAISE, "rule:hot", Severity.CRITICAL, 2000);

        assertThat(opened.change()).isEqualTo(Change.OPENED);
        assertThat(repeated.id()).isEqualTo(opened.id());
        assertThat(repeated.change()).isEqualTo(Change.REPEATED);
        assertThat(repeated.count()).isEqualTo(2);
        assertThat(repeated.revision()).isEqualTo(2);
        assertThat(repeated.firstRaisedAt()).isEqualTo(1000);
        assertThat(repeated.lastRaisedAt()).isEqualTo(2000);
        assertThat(repeated.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void clear_closesTheAlert_andTheNextRaiseOpensANewOne() {
        Alert opened = signal(Action.RAISE, "rule:hot", Severity.MAJOR, 1000);
        Alert cleared = signal(Action.CLEAR, "rule:hot", Severity.MAJOR, 2000);
        Alert again = signal(Action.RAISE, "rule:hot", Severity.MAJOR, 3000);

        assertThat(cleared.state()).isEqualTo(State.CLEARED);
        assertThat(cleared.clearedAt()).isEqualTo(2000L);
        assertThat(cleared.clearedBy()).isEqualTo("rule:hot");
        assertThat(again.id()).isNotEqualTo(opened.id());
        assertThat(again.change()).isEqualTo(Change.OPENED);
        assertThat(again.flapping()).isFalse();
    }

    @Test
    void clearOrAcknowledge_withoutAnOpenAlert_changeNothing() {
        assertThat(signal(Action.CLEAR, "rule:hot", Severity.MAJOR, 1000)).isNull();
        assertThat(signal(Action.ACKNOWLEDGE, "operator:alice", Severity.MAJOR, 1000)).isNull();
    }

    @Test
    void acknowledge_keepsTheAlertOpenForDedup_andOnlyOnce() {
        Alert opened = signal(Action.RAISE, "rule:hot", Severity.MAJOR, 1000);
        Alert acked = signal(Action.ACKNOWLEDGE, "operator:alice", Severity.MAJOR, 2000);
        Alert ackedAgain = signal(Action.ACKNOWLEDGE, "operator:bob", Severity.MAJOR, 2500);
        Alert repeated = signal(Action.RAISE, "rule:hot", Severity.MAJOR, 3000);

        assertThat(acked.state()).isEqualTo(State.ACKNOWLEDGED);
        assertThat(acked.acknowledgedBy()).isEqualTo("operator:alice");
        assertThat(ackedAgain).isNull();
        assertThat(repeated.id()).isEqualTo(opened.id());
        assertThat(repeated.state()).isEqualTo(State.ACKNOWLEDGED);
        assertThat(repeated.count()).isEqualTo(2);
    }

    @Test
    void operatorSignal_namingAnotherAlert_isIgnored() {
        signal(Action.RAISE, "rule:hot", Severity.MAJOR, 1000);

        Alert step = apply(new AlertSignal("hot", Severity.MAJOR, Action.CLEAR, "operator:alice", "pk", "dn",
                "{\"alertId\":\"not-this-one\"}", 0), 2000);

        assertThat(step).isNull();
        assertThat(state.open()).isNotNull();
    }

    /**
     * Verifies the flap policy: after two clears within the window, the next raise opens a flapping alert; its
     * clears are held (the alert stays open) until a window passes without a flip, and then it clears.
     */
    @Test
    void thirdOpeningWithinTheWindow_isFlapping_clearsAreHeld_untilStable() {
        signal(Action.RAISE, "rule:hot", Severity.MAJOR, 1000);
        signal(Action.CLEAR, "rule:hot", Severity.MAJOR, 2000);
        signal(Action.RAISE, "rule:hot", Severity.MAJOR, 3000);
        signal(Action.CLEAR, "rule:hot", Severity.MAJOR, 4000);

        Alert flapping = signal(Action.RAISE, "rule:hot", Severity.MAJOR, 5000);
        assertThat(flapping.change()).isEqualTo(Change.OPENED);
        assertThat(flapping.flapping()).isTrue();
        assertThat(state.stableAt()).isEqualTo(5000 + WINDOW);

        Alert held = signal(Action.CLEAR, "rule:hot", Severity.MAJOR, 6000);
        assertThat(held.change()).isEqualTo(Change.CLEAR_HELD);
        assertThat(held.state()).isEqualTo(State.OPEN);
        assertThat(state.stableAt()).as("a flip restarts the quiet period").isEqualTo(6000 + WINDOW);
        assertThat(signal(Action.CLEAR, "rule:hot", Severity.MAJOR, 6500)).as("a repeated clear is no flip")
                .isNull();

        Alert flipped = signal(Action.RAISE, "rule:hot", Severity.MAJOR, 7000);
        assertThat(flipped.id()).isEqualTo(flapping.id());
        assertThat(flipped.change()).isEqualTo(Change.REPEATED);
        signal(Action.CLEAR, "rule:hot", Severity.MAJOR, 8000);

        AlertLifecycle.Step stable = lifecycle.onStable(state, 8000 + WINDOW);
        state = stable.state();
        assertThat(stable.changed().change()).isEqualTo(Change.CLEARED);
        assertThat(stable.changed().state()).isEqualTo(State.CLEARED);
        assertThat(stable.changed().flapping()).isFalse();
        assertThat(stable.changed().clearedBy()).isEqualTo("rule:hot");
        assertThat(stable.changed().id()).isEqualTo(flapping.id());

        Alert calm = signal(Action.RAISE, "rule:hot", Severity.MAJOR, 8000 + 2 * WINDOW + 1);
        assertThat(calm.flapping()).as("the older clears left the window").isFalse();
    }

    @Test
    void flappingKey_stableWhileRaised_staysOpenNoLongerFlapping() {
        flap();
        Alert stable = lifecycle.onStable(state, state.stableAt()).changed();

        assertThat(stable.change()).isEqualTo(Change.STABLE);
        assertThat(stable.state()).isEqualTo(State.OPEN);
        assertThat(stable.flapping()).isFalse();
    }

    @Test
    void operatorClear_closesAFlappingAlertAtOnce_andDoesNotCountAsAFlap() {
        flap();
        Alert cleared = signal(Action.CLEAR, "operator:alice", Severity.MAJOR, 5500);

        assertThat(cleared.state()).isEqualTo(State.CLEARED);
        assertThat(cleared.clearedBy()).isEqualTo("operator:alice");
        assertThat(state.stableAt()).isZero();
        assertThat(state.clearedAt()).hasSize(2);
    }

    @Test
    void restore_adoptsARecordOnlyWhenNothingNewerIsKnown() {
        Alert opened = signal(Action.RAISE, "rule:hot", Severity.MAJOR, 1000);
        Alert repeated = signal(Action.RAISE, "rule:hot", Severity.MAJOR, 2000);

        assertThat(lifecycle.restore(state, opened, 3000)).isSameAs(state);
        KeyState fresh = lifecycle.restore(KeyState.EMPTY, repeated, 3000);
        assertThat(fresh.open()).isEqualTo(repeated);
        assertThat(fresh.raised()).isTrue();
        assertThat(lifecycle.onSignal(fresh, new AlertSignal("hot", Severity.MAJOR, Action.CLEAR, "rule:hot", "pk",
                "dn", null, 0), 4000).changed().id()).isEqualTo(opened.id());
    }

    private void flap() {
        signal(Action.RAISE, "rule:hot", Severity.MAJOR, 1000);
        signal(Action.CLEAR, "rule:hot", Severity.MAJOR, 2000);
        signal(Action.RAISE, "rule:hot", Severity.MAJOR, 3000);
        signal(Action.CLEAR, "rule:hot", Severity.MAJOR, 4000);
        assertThat(signal(Action.RAISE, "rule:hot", Severity.MAJOR, 5000).flapping()).isTrue();
    }

    private Alert signal(Action action, String source, Severity severity, long now) {
        return apply(new AlertSignal("hot", severity, action, source, "pk", "dn", "{\"t\":40}", now - 1), now);
    }

    private Alert apply(AlertSignal signal, long now) {
        AlertLifecycle.Step step = lifecycle.onSignal(state, signal, now);
        state = step.state();
        return step.changed();
    }
}
