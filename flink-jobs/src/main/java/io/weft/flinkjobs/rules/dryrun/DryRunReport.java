package io.weft.flinkjobs.rules.dryrun;

import io.weft.flinkjobs.rules.RuleResult;
import java.util.List;
import java.util.Map;

/**
 * What a dry run found.
 *
 * @param results   what the rule would have emitted, each as the result JSON its live job writes to its
 *                  destinations (none was sent)
 * @param messages  a verdict for every message read, in the order read
 * @param read      the offsets read per partition, [from, to), for a Kafka range (empty for sample messages)
 * @param truncated true when the range held more than the limit of messages and was cut short; {@code read} says
 *                  where it stopped
 */
public record DryRunReport(List<RuleResult> results, List<MessageVerdict> messages,
                           Map<Integer, TelemetryRange.Range> read, boolean truncated) {

    public DryRunReport {
        results = List.copyOf(results);
        messages = List.copyOf(messages);
        read = Map.copyOf(read);
    }
}
