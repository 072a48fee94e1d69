package io.weft.ingest.mqtt;

import io.weft.ingest.mqtt.session.PositionedDownlink;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a persistent session stands in the topic its messages come from ({@code weft.down}, or {@code weft.open} for
 * a sandbox client), changed on the session's event loop only: per partition, the first offset not yet handled (what
 * a later connection resumes from), and, while the stored queue is replayed, the live messages held until the replay
 * is done. After the replay, a live message the replay already covered is skipped, so each message is handled once,
 * in order.
 */
final class QueuePosition {
    private final Map<Integer, Long> handledUpTo = new HashMap<>();
    private final Map<Integer, Long> liveFrom = new HashMap<>();
    private final List<PositionedDownlink> held = new ArrayList<>();
    /** Offsets a restored session had handled but not sent yet (queued behind Receive Maximum). */
    private final Set<Long> requeued = new HashSet<>();
    private boolean replaying;

    /** A new session's queue starts here; a restored one's resumes here. */
    void startAt(Map<Integer, Long> offsets) {
        handledUpTo.putAll(offsets);
    }

    /** An offset the restored session must send although it lies below its resume offsets. */
    void requeue(long offset) {
        requeued.add(offset);
    }

    /** Live messages are held from now until {@link #endReplay}. */
    void beginReplay() {
        replaying = true;
    }

    /** A live message: false if it is held for the replay or the replay already covered it. */
    boolean takeLive(PositionedDownlink message) {
        if (replaying) {
            held.add(message);
            return false;
        }
        Long from = liveFrom.get(message.partition());
        return from == null || message.offset() >= from;
    }

    /** A replayed message the device has not handled yet: at or past the resume offsets, or requeued. */
    boolean due(PositionedDownlink message, Map<Integer, Long> resumeOffsets) {
        return requeued.contains(message.offset())
                || message.offset() >= resumeOffsets.getOrDefault(message.partition(), Long.MIN_VALUE);
    }

    /**
     * The replay read up to {@code until}: live messages from there on are the session's; returns the held ones the
     * replay did not cover, in order.
     */
    List<PositionedDownlink> endReplay(Map<Integer, Long> until) {
        until.forEach((partition, offset) -> {
            liveFrom.put(partition, offset);
            handledUpTo.merge(partition, offset, Math::max);
        });
        replaying = false;
        requeued.clear();
        List<PositionedDownlink> due = new ArrayList<>();
        for (PositionedDownlink p : held) {
            if (p.offset() >= liveFrom.getOrDefault(p.partition(), Long.MIN_VALUE)) {
                due.add(p);
            }
        }
        held.clear();
        return due;
    }

    /** The message was handled (sent, queued, or not subscribed to): a later connection starts after it. */
    void handled(PositionedDownlink message) {
        handledUpTo.merge(message.partition(), message.offset() + 1, Math::max);
    }

    /** Per partition, the first offset not handled yet. */
    Map<Integer, Long> resumeOffsets() {
        return Map.copyOf(handledUpTo);
    }
}
