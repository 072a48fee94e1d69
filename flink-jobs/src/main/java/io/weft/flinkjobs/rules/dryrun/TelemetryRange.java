package io.weft.flinkjobs.rules.dryrun;

import java.util.Map;

/**
 * A part of {@code weft.telemetry}'s history: by the records' Kafka timestamps (when the device pipeline wrote
 * them; {@code from} inclusive, {@code to} exclusive, epoch ms), or by offsets per partition ({@code from}
 * inclusive, {@code to} exclusive). Read with read_committed, as rule jobs read it.
 */
public sealed interface TelemetryRange {

    /** Records written from {@code from} up to (not including) {@code to}. */
    record Times(long from, long to) implements TelemetryRange {
        public Times {
            if (to <= from) {
                throw new IllegalArgumentException("the range's end (" + to + ") must be after its start ("
                        + from + ")");
            }
        }
    }

    /** Offsets per partition: partition → [from, to). */
    record Offsets(Map<Integer, Range> partitions) implements TelemetryRange {
        public Offsets {
            partitions = Map.copyOf(partitions);
            if (partitions.isEmpty()) {
                throw new IllegalArgumentException("name at least one partition's offsets");
            }
        }
    }

    /** Offsets [from, to) of one partition. */
    record Range(long from, long to) {
        public Range {
            if (from < 0 || to < from) {
                throw new IllegalArgumentException("offsets must be 0 <= from <= to, not [" + from + ", " + to + ")");
            }
        }

        public long size() {
            return to - from;
        }
    }
}
