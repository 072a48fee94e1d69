package io.weft.flinkjobs.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.core.rule.DeployedRule;
import io.weft.core.rule.Destination;
import io.weft.core.rule.RuleGroup;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A rule job's program arguments: what main reads, with its defaults and refusals. */
class RuleGroupArgsTest {
    private static final RuleGroup GROUP = new RuleGroup("g1", List.of(new DeployedRule("hot", 1, "a1thermo",
            List.of("CREATE TEMPORARY VIEW `v` AS SELECT 1"), "SELECT 1 AS `one`", List.of("one"), Set.of(),
            List.of(new Destination.KafkaTopic("out")), null)));

    @Test
    void parse_withOnlyTheRequired_thenDefaults() {
        RuleGroupArgs args = RuleGroupArgs.parse(new String[] {"--bootstrap-servers", "k:9092", "--group",
                GROUP.toArgument()});

        assertThat(args.group()).isEqualTo(GROUP);
        assertThat(args.topicPrefix()).isEqualTo("weft.");
        assertThat(args.checkpointIntervalMs()).isEqualTo(2000);
        assertThat(args.maxOutOfOrdernessMs()).isEqualTo(5000);
        assertThat(args.idleTimeoutMs()).isEqualTo(10_000);
        assertThat(args.startingOffsets()).isEqualTo("latest");
        assertThat(args.timeZone()).isEqualTo(ZoneId.systemDefault());
        assertThat(args.questDb()).isNull();
        assertThat(args.jobId()).isEqualTo("weft-rules-g1");
    }

    @Test
    void toArgs_thenParse_roundTrips() {
        RuleGroupArgs args = new RuleGroupArgs("k:9092", "t.", GROUP, 500, 1000, 300, "earliest",
                ZoneId.of("Asia/Shanghai"), "q:9000");

        assertThat(RuleGroupArgs.parse(args.toArgs().toArray(String[]::new))).isEqualTo(args);
    }

    @Test
    void parse_withoutGroupOrWithBadValues_thenRefused() {
        assertThatThrownBy(() -> RuleGroupArgs.parse(new String[] {"--bootstrap-servers", "k:9092"}))
                .hasMessageContaining("--group is required");
        assertThatThrownBy(() -> RuleGroupArgs.parse(new String[] {"--bootstrap-servers", "k:9092", "--group",
                GROUP.toArgument(), "--starting-offsets", "newest"})).hasMessageContaining("latest or earliest");
        assertThatThrownBy(() -> RuleGroupArgs.parse(new String[] {"--bootstrap-servers", "k:9092", "--group"}))
                .hasMessageContaining("has no value");
    }
}
