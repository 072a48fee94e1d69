package io.weft.flinkjobs.rules.dryrun;

import io.weft.core.envelope.Telemetry;
import io.weft.flinkjobs.rules.RuleResult;
import io.weft.flinkjobs.rules.source.TelemetryRows;
import java.util.List;

/**
 * One row a dry-run job collects: a message it read ({@link Kind#READ}), a result of the rule
 * ({@link Kind#RESULT}), or how the rule's conditions came out for one message ({@link Kind#MATCH}: the columns
 * that were FALSE and those that were NULL). One type, so that one collect sink gets them all. Internal to
 * {@link RuleDryRun}; public for Flink's serializers only.
 */
public record DryRunRow(Kind kind, RuleResult result, long messageId, String productKey, String deviceName,
                        long eventTime, boolean matched, List<String> falseColumns, List<String> unknownColumns) {

    public enum Kind {
        READ, RESULT, MATCH
    }

    static DryRunRow read(Telemetry t) {
        return new DryRunRow(Kind.READ, null, t.messageId(), t.productKey(), t.deviceName(),
                TelemetryRows.eventTime(t), false, List.of(), List.of());
    }

    static DryRunRow result(RuleResult result) {
        return new DryRunRow(Kind.RESULT, result, 0, null, null, 0, false, List.of(), List.of());
    }

    static DryRunRow match(long messageId, boolean matched, List<String> falseColumns, List<String> unknownColumns) {
        return new DryRunRow(Kind.MATCH, null, messageId, null, null, 0, matched, falseColumns, unknownColumns);
    }
}
