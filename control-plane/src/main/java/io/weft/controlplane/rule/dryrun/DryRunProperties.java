package io.weft.controlplane.rule.dryrun;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Limits of rule dry runs, under {@code weft.rules.dry-run.*} (docs/configuration.md).
 *
 * @param maxMessages       messages one dry run reads at most: more samples are refused, a longer range is cut
 * @param maxDuration       wall time of one dry run at most; a longer one is cancelled
 * @param maxOutOfOrderness the watermark's lag, as the rule jobs' {@code --max-out-of-orderness-ms}
 * @param maxConcurrent     dry runs at once in this control plane; more are answered 429
 * @param timeZone          the platform's time zone for {@code timestamp('format')}, as the rule jobs'
 *                          {@code --time-zone}; empty for the JVM's
 */
@Validated
@ConfigurationProperties("weft.rules.dry-run")
public record DryRunProperties(@Min(1) @Max(1_000_000) @DefaultValue("10000") int maxMessages,
                               @DefaultValue("60s") Duration maxDuration,
                               @DefaultValue("5s") Duration maxOutOfOrderness,
                               @Min(1) @DefaultValue("2") int maxConcurrent,
                               @DefaultValue("") String timeZone) {
}
