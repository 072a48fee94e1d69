package io.weft.bench.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class DeviceToAlertConfigTest {
    @Test
    void parse_withNoOptions_thenStandaloneDefaultPortsAndAShortRun() {
        DeviceToAlertConfig config = DeviceToAlertConfig.parse(new String[0]);

        assertThat(config).isEqualTo(new DeviceToAlertConfig(URI.create("http://localhost:8080"), "localhost", 1883,
                "127.0.0.1:9092", "weft.", null, 100, 500, 100, 60, 20, 30, 50));
        assertThat(config.productKeyOr(1700000000)).isEqualTo("devlat1700000000");
        assertThat(config.timetable()).isEqualTo(new HotTimetable(500, 100, 100, 20, 60));
    }

    @Test
    void parse_withEveryOption_thenTakesThem() {
        DeviceToAlertConfig config = DeviceToAlertConfig.parse(new String[] {"--rest", "http://10.0.0.5:18080",
                "--mqtt-host", "10.0.0.5", "--mqtt-port", "11883", "--kafka", "10.0.0.5:19092", "--topic-prefix",
                "acme.", "--product", "a1lat", "--devices", "20", "--rate", "200", "--alert-every", "50",
                "--duration", "30", "--warmup", "10", "--grace", "15", "--connect-concurrency", "10"});

        assertThat(config).isEqualTo(new DeviceToAlertConfig(URI.create("http://10.0.0.5:18080"), "10.0.0.5", 11883,
                "10.0.0.5:19092", "acme.", "a1lat", 20, 200, 50, 30, 10, 15, 10));
        assertThat(config.productKeyOr(1700000000)).isEqualTo("a1lat");
    }

    @Test
    void parse_whenValueOutOfRange_thenRejectsNamingTheOption() {
        assertThatThrownBy(() -> DeviceToAlertConfig.parse(new String[] {"--alert-every", "1"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--alert-every");
        assertThatThrownBy(() -> DeviceToAlertConfig.parse(new String[] {"--rate", "fast"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--rate");
        assertThatThrownBy(() -> DeviceToAlertConfig.parse(new String[] {"--mqtt-port", "70000"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--mqtt-port");
    }

    @Test
    void parse_whenRestOrProductMalformed_thenRejects() {
        assertThatThrownBy(() -> DeviceToAlertConfig.parse(new String[] {"--rest", "ftp://host"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--rest");
        assertThatThrownBy(() -> DeviceToAlertConfig.parse(new String[] {"--product", "a b"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--product");
    }

    @Test
    void parse_whenOptionUnknownOrWithoutValue_thenRejects() {
        assertThatThrownBy(() -> DeviceToAlertConfig.parse(new String[] {"--qos", "0"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option --qos");
        assertThatThrownBy(() -> DeviceToAlertConfig.parse(new String[] {"--rate"}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a value");
    }

    @Test
    void usage_listsEveryOptionWithItsDefault() {
        assertThat(DeviceToAlertConfig.usage()).contains("--rate", "(default 500)", "--alert-every", "--grace",
                "--product");
    }
}
