package io.weft.controlplane.rule.dryrun;

import io.weft.core.rule.RuleDialect;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * What a dry run found.
 *
 * @param ruleId     the rule's id ({@code dry-run} for an unsaved rule)
 * @param conditions the conditions of an Alibaba rule's WHERE, as written, that each message is checked against
 *                   (empty for a Flink SQL rule)
 * @param results    what the rule would have emitted: each result JSON as its live job writes it; nothing was sent
 * @param messages   a verdict for every message, in order
 * @param read       the offsets read per partition, [from, to), for a range of {@code weft.telemetry}
 * @param truncated  true when the range held more messages than the limit and was cut; {@code read} says where
 */
public record DryRunAnswer(String ruleId, RuleDialect dialect, String productKey, List<String> conditions,
                           List<JsonNode> results, List<MessageView> messages,
                           Map<Integer, DryRunRequest.OffsetRange> read, boolean truncated) {

    /**
     * One message's verdict.
     *
     * @param index    the sample's position in the request (null for history)
     * @param matched  true when the rule's conditions held, false when not, null for a Flink SQL rule
     * @param code     for a sample that is not a valid post of the product: the Alink code a device would get
     * @param reason   the verdict in words
     */
    public record MessageView(Integer index, long messageId, String productKey, String deviceName, Long eventTime,
                              Boolean matched, List<String> falseConditions, List<String> unknownConditions,
                              Integer code, String reason) {
    }
}
