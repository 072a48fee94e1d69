package io.weft.core.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.auth.DeviceIdentity;
import io.weft.core.envelope.Presence.State;
import io.weft.core.json.Json;
import org.junit.jupiter.api.Test;

/**
 * The session-epoch rule: a reader that keeps the state of the event that supersedes the stored one ends with
 * the newest session's state whatever order the events of several sessions arrive in; an OFFLINE of an old
 * session never overrides a newer ONLINE. Epochs drawn from {@link MessageIds} grow with every later session.
 */
class PresenceTest {
    private static final DeviceIdentity DEVICE = new DeviceIdentity("pk", "dn");

    @Test
    void supersedes_whenNewerSession_thenTrueForOnlineAndOffline() {
        assertThat(online(20).supersedes(10, false)).isTrue();
        assertThat(online(20).supersedes(10, true)).isTrue();
        assertThat(offline(20).supersedes(10, true)).isTrue();
    }

    @Test
    void supersedes_whenNeverSeen_thenFirstOnlineApplies() {
        assertThat(online(1).supersedes(0, false)).isTrue();
    }

    @Test
    void supersedes_whenOlderSession_thenFalse() {
        assertThat(offline(10).supersedes(20, true)).as("late OFFLINE of an old session").isFalse();
        assertThat(online(10).supersedes(20, false)).as("late ONLINE of an old session").isFalse();
    }

    @Test
    void supersedes_whenSameSession_thenOnlyOfflineEndingTheStoredOnline() {
        assertThat(offline(10).supersedes(10, true)).as("the session ends").isTrue();
        assertThat(online(10).supersedes(10, true)).as("a repeat").isFalse();
        assertThat(offline(10).supersedes(10, false)).as("a repeat").isFalse();
        assertThat(online(10).supersedes(10, false)).as("a session that already ended cannot come back").isFalse();
    }

    /** Every arrival order of two takeover sessions' four events ends with the newer session's state. */
    @Test
    void applyingInAnyOrder_thenTheNewestSessionsStateWins() {
        MessageIds ids = new MessageIds(3);
        long old = ids.next();
        long newer = ids.next();
        Presence[] events = {online(old), offline(old), online(newer)};
        int[][] orders = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        for (int[] order : orders) {
            long epoch = 0;
            boolean online = false;
            for (int i : order) {
                Presence e = events[i];
                if (e.supersedes(epoch, online)) {
                    epoch = e.sessionEpoch();
                    online = e.state() == State.ONLINE;
                }
            }
            assertThat(epoch).as("order %s", java.util.Arrays.toString(order)).isEqualTo(newer);
            assertThat(online).as("order %s", java.util.Arrays.toString(order)).isTrue();
        }
    }

    @Test
    void epochs_whenLaterSessionOnAnotherNode_thenLarger() {
        long first = new MessageIds(1023).next();
        long later = first;
        MessageIds otherEdge = new MessageIds(0);
        while ((later >>> 22) <= (first >>> 22)) { // a session one millisecond later, on a lower node id
            later = otherEdge.next();
        }
        assertThat(later).isGreaterThan(first);
    }

    @Test
    void json_roundTrip_keepsEveryField() {
        Presence p = Presence.offline(DEVICE, 42L, "edge-1", "10.0.0.7", 1_700_000_000_000L, "KEEPALIVE_TIMEOUT");

        assertThat(Json.read(Json.write(p), Presence.class)).isEqualTo(p);
        assertThat(Json.tree(Json.writeString(p)).get("state").asString()).isEqualTo("OFFLINE");
    }

    private static Presence online(long epoch) {
        return Presence.online(DEVICE, epoch, "edge", null, 1L);
    }

    private static Presence offline(long epoch) {
        return Presence.offline(DEVICE, epoch, "edge", null, 2L, "CLIENT_DISCONNECT");
    }
}
