package io.weft.bench.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RuleLoadConfigTest {
    @Test
    void parse_withNoOptions_thenThroughputOfTenRulesAsStandaloneRunsThem() {
        RuleLoadConfig config = RuleLoadConfig.parse(new String[0]);

        assertThat(config).isEqualTo(new RuleLoadConfig("throughput", 10, 10, 1_000_000, 1000, 4, 1, 2000, false,
                1000, 100, 60, 15, null));
        assertThat(config.latency()).isFalse();
    }

    @Test
    void parse_withEveryOption_thenTakesThem() {
        RuleLoadConfig config = RuleLoadConfig.parse(new String[] {"--mode", "latency", "--rules", "100",
                "--output-topics", "5", "--messages", "2000", "--devices", "10", "--partitions", "2",
                "--parallelism", "2", "--checkpoint-ms", "200", "--object-reuse", "true", "--rate", "500",
                "--alert-every", "50", "--duration", "30", "--warmup", "5", "--data", "/tmp/r"});

        assertThat(config).isEqualTo(new RuleLoadConfig("latency", 100, 5, 2000, 10, 2, 2, 200, true, 500, 50, 30, 5,
                Path.of("/tmp/r")));
        assertThat(config.latency()).isTrue();
    }

    @Test
    void parse_whenModeUnknown_thenRejects() {
        assertThatThrownBy(() -> RuleLoadConfig.parse(new String[] {"--mode", "soak"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--mode");
    }

    @Test
    void parse_whenValueOutOfRange_thenRejectsNamingTheOption() {
        assertThatThrownBy(() -> RuleLoadConfig.parse(new String[] {"--checkpoint-ms", "5"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--checkpoint-ms");
        assertThatThrownBy(() -> RuleLoadConfig.parse(new String[] {"--rules", "ten"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--rules");
    }

    @Test
    void parse_whenOptionUnknownOrWithoutValue_thenRejects() {
        assertThatThrownBy(() -> RuleLoadConfig.parse(new String[] {"--rule", "3"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --rule");
        assertThatThrownBy(() -> RuleLoadConfig.parse(new String[] {"--rules"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a value");
    }

    @Test
    void usage_listsEveryOption() {
        assertThat(RuleLoadConfig.usage()).contains("--mode", "--rules", "--checkpoint-ms", "--object-reuse",
                "--alert-every", "--data");
    }
}
