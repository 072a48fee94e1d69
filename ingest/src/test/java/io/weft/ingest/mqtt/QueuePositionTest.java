package io.weft.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.envelope.Downlink;
import io.weft.ingest.mqtt.session.PositionedDownlink;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Verifies a persistent session's place in its queue: live messages wait while the stored queue is replayed, those
 * the replay covered are skipped afterwards, and the resume offsets move past every handled message.
 */
class QueuePositionTest {

    private static PositionedDownlink at(int partition, long offset) {
        return new PositionedDownlink(new Downlink(offset, "pk", "dn", "/pk/dn/user/get", new byte[0], 1, 0),
                partition, offset);
    }

    @Test
    void takeLive_duringReplay_holdsTheMessage_andEndReplayReturnsOnlyThoseTheReplayDidNotCover() {
        QueuePosition queue = new QueuePosition();
        queue.startAt(Map.of(0, 10L));
        queue.beginReplay();

        assertThat(queue.takeLive(at(0, 12))).isFalse();
        assertThat(queue.takeLive(at(0, 15))).isFalse();

        assertThat(queue.endReplay(Map.of(0, 14L))).extracting(PositionedDownlink::offset).containsExactly(15L);
        assertThat(queue.takeLive(at(0, 13))).as("covered by the replay").isFalse();
        assertThat(queue.takeLive(at(0, 16))).isTrue();
    }

    @Test
    void handled_movesTheResumeOffsetPastTheMessage_andNeverBack() {
        QueuePosition queue = new QueuePosition();
        queue.startAt(Map.of(1, 100L));

        queue.handled(at(1, 120));
        queue.handled(at(1, 110));

        assertThat(queue.resumeOffsets()).containsExactly(Map.entry(1, 121L));
    }

    @Test
    void due_isAtOrPastTheResumeOffsets_orRequeued() {
        QueuePosition queue = new QueuePosition();
        queue.requeue(5);
        Map<Integer, Long> resume = Map.of(0, 8L);

        assertThat(queue.due(at(0, 8), resume)).isTrue();
        assertThat(queue.due(at(0, 7), resume)).isFalse();
        assertThat(queue.due(at(0, 5), resume)).as("queued behind Receive Maximum when it disconnected").isTrue();
    }
}
