package io.weft.flinkjobs.rules;

/**
 * One result of one rule: {@code json} is the result object (the rule's output columns in order, then
 * {@code ruleId}, {@code productKey} and, when known, {@code deviceName}); {@code deviceName} is null when the rule's
 * result does not say which device it is about; {@code eventTime} is the result's event time in epoch ms (the
 * device's time of the row, or a window's time), or the time the rule ran when the query keeps no event time.
 */
public record RuleResult(String ruleId, String productKey, String deviceName, long eventTime, String json) {
}
