package io.weft.controlplane.rule.supervision;

import io.weft.controlplane.api.ApiException;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.net.URI;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;

/**
 * Where and how the control plane runs rule jobs, under {@code weft.rules.*}. Without {@code flinkRest} and
 * {@code jobJar} rule jobs are not available: starting a rule answers 503.
 *
 * @param flinkRest     the Flink cluster's REST address, such as {@code http://127.0.0.1:8091}
 * @param jobJar        the Flink job jar (with {@code io.weft.flinkjobs.rules.RuleGroupJob}) on this machine
 * @param savepointDir  where a group's job is stopped with a savepoint, a directory or URI the Flink cluster can
 *                      write and read ({@code file:///...}); empty for the cluster's
 *                      {@code execution.checkpointing.savepoint-dir}
 * @param groups        how many rule groups (1..64): a rule runs in group {@code g<n>}, n = its id's
 *                      {@code String.hashCode()} modulo this; each group with started rules is one Flink job
 * @param stopTimeoutMs how long a stop with savepoint may take
 * @param storeHttp     host:port of QuestDB's HTTP endpoint as the Flink cluster's TaskManagers reach it, where rules'
 *                      store destinations write; empty: rules with a store destination are refused when written
 */
@Validated
@ConfigurationProperties("weft.rules")
public record RuleJobProperties(URI flinkRest, Path jobJar, String savepointDir,
                                @Min(1) @Max(64) @DefaultValue("4") int groups,
                                @Min(1000) @DefaultValue("60000") long stopTimeoutMs, String storeHttp) {

    /** True if rule jobs get a time-series store for store destinations: {@code storeHttp} is set. */
    public boolean storeAvailable() {
        return storeHttp != null && !storeHttp.isBlank();
    }

    /** True if rule jobs can be run: the Flink REST address and the job jar are set. */
    public boolean available() {
        return flinkRest != null && jobJar != null;
    }

    /** 503 "Rule jobs not available" unless {@link #available}. */
    public void requireAvailable() {
        if (!available()) {
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, "Rule jobs not available",
                    "this control plane runs no rule jobs: set weft.rules.flink-rest and weft.rules.job-jar "
                            + "(standalone Weft sets both)");
        }
    }

    /** The group a rule runs in. */
    public String groupOf(String ruleId) {
        return "g" + Math.floorMod(ruleId.hashCode(), groups);
    }
}
