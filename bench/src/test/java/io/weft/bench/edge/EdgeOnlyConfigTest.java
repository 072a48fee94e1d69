package io.weft.bench.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class EdgeOnlyConfigTest {
    @Test
    void parse_withNoOptions_thenUsualPortsAndNoLimits() {
        EdgeOnlyConfig config = EdgeOnlyConfig.parse(new String[0]);

        assertThat(config.mqttPort()).isEqualTo(1883);
        assertThat(config.kafkaPort()).isEqualTo(9092);
        assertThat(config.maxInFlight()).isEqualTo(1000);
        assertThat(config.limits()).isFalse();
        assertThat(config.data()).isNull();
    }

    @Test
    void parse_withEveryOption_thenTakesThem() {
        EdgeOnlyConfig config = EdgeOnlyConfig.parse(new String[] {"--mqtt-host", "0.0.0.0", "--mqtt-port", "0",
                "--kafka-port", "19092", "--controller-port", "19093", "--partitions", "8", "--max-inflight", "50",
                "--limits", "default", "--data", "/tmp/x"});

        assertThat(config).isEqualTo(new EdgeOnlyConfig("0.0.0.0", 0, 19092, 19093, 8, 50, true, Path.of("/tmp/x")));
    }

    @Test
    void parse_whenLimitsUnknown_thenRejects() {
        assertThatThrownBy(() -> EdgeOnlyConfig.parse(new String[] {"--limits", "off"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--limits");
    }
}
