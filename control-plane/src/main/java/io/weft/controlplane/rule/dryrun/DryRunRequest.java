package io.weft.controlplane.rule.dryrun;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What to dry-run a rule over: exactly one of {@code messages} (sample posts), {@code from}/{@code to} (a time range
 * of {@code weft.telemetry}) or {@code offsets} (offsets per partition of it). {@code dialect}, {@code productKey}
 * and {@code sql} describe an unsaved rule ({@code POST /api/v1/rules/dry-run}); a stored rule's dry run ignores
 * them.
 *
 * @param messages property posts in Alink form, {@code {"deviceName":"d1","time":1700000000000,"params":{...}}},
 *                 or event posts with {@code "event":"Overheat"} and params {@code {"value":{...}}}
 * @param from     epoch ms, inclusive: records written to {@code weft.telemetry} from then
 * @param to       epoch ms, exclusive
 * @param offsets  partition → {@code {"from":0,"to":100}}, to exclusive
 */
public record DryRunRequest(String dialect, String productKey, String sql, List<JsonNode> messages, Long from,
                            Long to, Map<Integer, OffsetRange> offsets) {

    /** Offsets [from, to) of one partition. */
    public record OffsetRange(long from, long to) {
    }
}
