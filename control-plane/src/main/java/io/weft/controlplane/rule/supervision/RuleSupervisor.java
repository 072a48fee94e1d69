package io.weft.controlplane.rule.supervision;

import io.weft.controlplane.api.ApiException;
import io.weft.controlplane.config.WeftProperties;
import io.weft.controlplane.flink.FlinkRest;
import io.weft.controlplane.rule.DesiredState;
import io.weft.controlplane.rule.RuleService;
import io.weft.controlplane.rule.StoredRule;
import io.weft.core.rule.DeployedRule;
import io.weft.core.rule.RuleGroup;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Makes the rule jobs on Flink follow the rules' desired states. Started rules are grouped by id
 * ({@link RuleJobProperties#groupOf}); each group with started rules runs as one {@code RuleGroupJob} (parallelism
 * 1). When a group's rules change (a rule started, stopped, updated or deleted), only that group's job is stopped
 * with a savepoint and submitted again with the new group from that savepoint, with {@code allowNonRestoredState}
 * (the source's offsets and the sink's transactions carry over; the state of changed queries does not); the other
 * groups' jobs are not touched. A group whose rules did not change and whose job runs is left alone, so
 * {@link #reconcile} may run at any time. The job of each group is kept in PostgreSQL. Changes run one at a time.
 */
@Service
public class RuleSupervisor {
    static final String ENTRY_CLASS = "io.weft.flinkjobs.rules.RuleGroupJob";
    private static final Logger log = LoggerFactory.getLogger(RuleSupervisor.class);
    private static final Set<String> TERMINAL = Set.of("FINISHED", "FAILED", "CANCELED");
    private final RuleJobProperties properties;
    private final WeftProperties weft;
    private final RuleService rules;
    private final GroupJobRepository jobs;
    private final FlinkRest flink;
    private final DestinationTopics topics;
    private final ReentrantLock lock = new ReentrantLock();
    private String jarId;

    public RuleSupervisor(RuleJobProperties properties, WeftProperties weft, RuleService rules,
                          GroupJobRepository jobs) {
        this.properties = properties;
        this.weft = weft;
        this.rules = rules;
        this.jobs = jobs;
        this.flink = properties.available() ? new FlinkRest(properties.flinkRest()) : null;
        this.topics = new DestinationTopics(weft.kafkaBootstrapServers());
    }

    /** After a change to the rule: brings its group's job in line, when rule jobs are available. */
    public void ruleChanged(String ruleId) {
        if (properties.available()) {
            apply(properties.groupOf(ruleId));
        }
    }

    /** Brings every group's job in line with the started rules; a group that fails is logged and skipped. */
    public void reconcile() {
        for (int i = 0; i < properties.groups(); i++) {
            String group = "g" + i;
            try {
                apply(group);
            } catch (RuntimeException e) {
                log.warn("rule group {} not reconciled: {}", group, e.getMessage());
            }
        }
    }

    /**
     * Runs the group's started rules: nothing to do if its job runs exactly them; else stops its job with a
     * savepoint (if one runs) and submits the new group from the newest savepoint (if it still has rules).
     */
    GroupJob apply(String groupId) {
        lock.lock();
        try {
            RuleGroup group = new RuleGroup(groupId, startedRules(groupId));
            String fingerprint = group.rules().isEmpty() ? null : fingerprint(group);
            GroupJob current = jobs.find(groupId);
            boolean running = current.jobId() != null
                    && flink.findState(current.jobId()).filter(s -> !TERMINAL.contains(s)).isPresent();
            if (running && Objects.equals(fingerprint, current.fingerprint())) {
                return current;
            }
            String savepoint = current.savepoint();
            if (running) {
                awaitRunning(current.jobId());
                savepoint = flink.stopWithSavepoint(current.jobId(), properties.savepointDir(), stopTimeout());
                log.info("rule group {}: job {} stopped with savepoint {}", groupId, current.jobId(), savepoint);
            }
            GroupJob next = fingerprint == null ? GroupJob.none(groupId)
                    : new GroupJob(groupId, submit(group, savepoint), fingerprint, savepoint);
            jobs.save(next);
            if (next.jobId() != null) {
                log.info("rule group {}: {} rules running as job {}", groupId, group.rules().size(), next.jobId());
                awaitRunning(next.jobId());
            }
            return next;
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ApiException(HttpStatus.BAD_GATEWAY, "Rule job failed", "rule group " + groupId
                    + " could not be brought up to date on Flink: " + e.getMessage()
                    + "; the rule's state is recorded and is applied again on the group's next change or when the "
                    + "control plane starts");
        } finally {
            lock.unlock();
        }
    }

    /** The rule's desired state, group and that group's job on Flink. */
    public RuleJobStatus status(String ruleId) {
        StoredRule rule = rules.get(ruleId);
        String groupId = properties.groupOf(ruleId);
        GroupJob job = properties.available() ? jobs.find(groupId) : GroupJob.none(groupId);
        if (job.jobId() == null) {
            return new RuleJobStatus(ruleId, rule.version(), rule.desiredState(), groupId, null, null, null, null,
                    null);
        }
        try {
            Optional<String> state = flink.findState(job.jobId());
            if (state.isEmpty()) {
                return new RuleJobStatus(ruleId, rule.version(), rule.desiredState(), groupId, job.jobId(), "UNKNOWN",
                        null, null, "the Flink cluster does not know job " + job.jobId());
            }
            String source = metricName("Source: " + weft.topicPrefix() + "telemetry");
            String sink = metricName("rule outputs: Writer");
            FlinkRest.JobRecords records = flink.records(job.jobId(), operator -> metricName(operator).equals(source),
                    operator -> metricName(operator).equals(sink));
            return new RuleJobStatus(ruleId, rule.version(), rule.desiredState(), groupId, job.jobId(), state.get(),
                    records.in(), records.out(), flink.lastException(job.jobId()).orElse(null));
        } catch (RuntimeException e) {
            return new RuleJobStatus(ruleId, rule.version(), rule.desiredState(), groupId, job.jobId(), "UNKNOWN",
                    null, null, e.getMessage());
        }
    }

    private List<DeployedRule> startedRules(String groupId) {
        List<DeployedRule> deployed = new ArrayList<>();
        for (StoredRule rule : rules.list(null)) {
            if (rule.desiredState() == DesiredState.STARTED && properties.groupOf(rule.id()).equals(groupId)) {
                try {
                    deployed.add(rules.deployment(rule.id()));
                } catch (ApiException e) {
                    log.warn("started rule {} left out of group {}: {}", rule.id(), groupId, e.getMessage());
                }
            }
        }
        return deployed;
    }

    private String submit(RuleGroup group, String savepoint) {
        topics.ensure(group.rules());
        List<String> args = new ArrayList<>(List.of("--bootstrap-servers", weft.kafkaBootstrapServers(),
                "--topic-prefix", weft.topicPrefix(), "--group", group.toArgument()));
        if (properties.storeAvailable()) {
            args.addAll(List.of("--questdb", properties.storeHttp()));
        }
        if (jarId == null) {
            jarId = flink.upload(properties.jobJar());
        }
        try {
            return flink.run(jarId, ENTRY_CLASS, args, 1, savepoint, true);
        } catch (FlinkRest.FlinkRestException e) {
            if (e.status() != 404) {
                throw e;
            }
            jarId = flink.upload(properties.jobJar()); // the cluster restarted and lost the jar
            return flink.run(jarId, ENTRY_CLASS, args, 1, savepoint, true);
        }
    }

    /** Waits until the job runs (a job stops with a savepoint only then); fails if it ends or takes too long. */
    private void awaitRunning(String jobId) {
        long deadline = System.nanoTime() + stopTimeout().toNanos();
        String state = flink.state(jobId);
        while (!state.equals("RUNNING")) {
            if (TERMINAL.contains(state) || System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + jobId + " is " + state
                        + flink.lastException(jobId).map(e -> ": " + e).orElse(""));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            state = flink.state(jobId);
        }
    }

    private Duration stopTimeout() {
        return Duration.ofMillis(properties.stopTimeoutMs());
    }

    /**
     * An operator's name as compared here: Flink's metric ids replace some characters of operator names (the
     * source {@code Source: weft.telemetry} is {@code Source__weft_telemetry}), so letters and digits only count.
     */
    private static String metricName(String operator) {
        return operator.replaceAll("[^A-Za-z0-9]", "_");
    }

    private static String fingerprint(RuleGroup group) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(group.toArgument().getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
