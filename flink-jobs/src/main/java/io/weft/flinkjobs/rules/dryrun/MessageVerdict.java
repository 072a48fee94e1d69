package io.weft.flinkjobs.rules.dryrun;

import java.util.List;

/**
 * What a dry run found for one message it read.
 *
 * @param matched           TRUE when the rule's conditions held for it (it produced a result), FALSE when not, null
 *                          when the rule's dialect has no per-message conditions (a Flink SQL rule: its windows and
 *                          aggregates produce results from many messages; see the report's results)
 * @param falseConditions   the conditions that were FALSE, as the analyst wrote them
 * @param unknownConditions the conditions that were NULL (SQL's unknown, as when a condition reads a property the
 *                          message did not carry): a rule's WHERE drops the message for these too
 * @param reason            the verdict in words
 */
public record MessageVerdict(long messageId, String productKey, String deviceName, long eventTime, Boolean matched,
                             List<String> falseConditions, List<String> unknownConditions, String reason) {

    public MessageVerdict {
        falseConditions = List.copyOf(falseConditions);
        unknownConditions = List.copyOf(unknownConditions);
    }
}
