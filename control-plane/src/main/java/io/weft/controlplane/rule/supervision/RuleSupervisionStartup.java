package io.weft.controlplane.rule.supervision;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * Reconciles the rule jobs once the control plane is up (desired states against the jobs Flink runs: after a
 * restart of the cluster, the groups' jobs are submitted again from their last savepoints), on a thread of its own so
 * the API answers meanwhile.
 */
@Configuration
@EnableConfigurationProperties(RuleJobProperties.class)
class RuleSupervisionStartup {
    private final RuleJobProperties properties;
    private final RuleSupervisor supervisor;

    RuleSupervisionStartup(RuleJobProperties properties, RuleSupervisor supervisor) {
        this.properties = properties;
        this.supervisor = supervisor;
    }

    @EventListener(ApplicationReadyEvent.class)
    void reconcile() {
        if (properties.available()) {
            Thread thread = new Thread(supervisor::reconcile, "rule-job-reconcile");
            thread.setDaemon(true);
            thread.start();
        }
    }
}
