package io.weft.controlplane.rule.dryrun;

import io.weft.controlplane.config.WeftProperties;
import io.weft.core.kafka.WeftTopics;
import io.weft.flinkjobs.rules.dryrun.DryRunLimits;
import io.weft.flinkjobs.rules.dryrun.RuleDryRun;
import java.time.ZoneId;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Dry runs execute in a local Flink environment in this JVM, one per run, over Weft's Kafka. */
@Configuration
@EnableConfigurationProperties(DryRunProperties.class)
public class DryRunConfiguration {

    @Bean
    RuleDryRun ruleDryRun(DryRunProperties properties, WeftProperties weft) {
        ZoneId zone = properties.timeZone().isBlank() ? ZoneId.systemDefault() : ZoneId.of(properties.timeZone());
        return new RuleDryRun(RuleDryRun.localEnvironments(), weft.kafkaBootstrapServers(),
                new WeftTopics(weft.topicPrefix()), zone, new DryRunLimits(properties.maxMessages(),
                properties.maxDuration(), properties.maxOutOfOrderness()));
    }
}
