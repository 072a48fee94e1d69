package io.weft.bench.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoadConfigTest {
    private static final long START = 1_700_000_000L;

    @Test
    void parse_withNoOptions_thenDefaultsAndAFreshProductKey() {
        LoadConfig config = LoadConfig.parse(new String[0], START);

        assertThat(config.rest()).isEqualTo(URI.create("http://localhost:8080"));
        assertThat(config.mqttHost()).isEqualTo("localhost");
        assertThat(config.mqttPort()).isEqualTo(1883);
        assertThat(config.kafka()).isEmpty();
        assertThat(config.devices()).isEqualTo(1000);
        assertThat(config.qos()).isEqualTo(1);
        assertThat(config.payloadBytes()).isEqualTo(200);
        assertThat(config.openLoop()).isFalse();
        assertThat(config.inflight()).isEqualTo(1);
        assertThat(config.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.warmup()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.productKey()).isEqualTo("benchProd1700000000");
        assertThat(config.productExplicit()).isFalse();
    }

    @Test
    void parse_withEveryOption_thenTakesThem() {
        LoadConfig config = LoadConfig.parse(new String[] {"--rest", "http://weft:9090/", "--mqtt-host", "edge",
                "--mqtt-port", "11883", "--kafka", "127.0.0.1:9092", "--devices", "5", "--qos", "0",
                "--payload-bytes", "1000", "--rate", "2500.5", "--inflight", "4", "--duration", "60", "--warmup", "0",
                "--product", "myBench"}, START);

        assertThat(config.rest()).isEqualTo(URI.create("http://weft:9090"));
        assertThat(config.mqttHost()).isEqualTo("edge");
        assertThat(config.mqttPort()).isEqualTo(11883);
        assertThat(config.kafka()).isEqualTo(Optional.of("127.0.0.1:9092"));
        assertThat(config.devices()).isEqualTo(5);
        assertThat(config.qos()).isZero();
        assertThat(config.payloadBytes()).isEqualTo(1000);
        assertThat(config.rate()).isEqualTo(2500.5);
        assertThat(config.openLoop()).isTrue();
        assertThat(config.inflight()).isEqualTo(4);
        assertThat(config.duration()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.warmup()).isZero();
        assertThat(config.productKey()).isEqualTo("myBench");
        assertThat(config.productExplicit()).isTrue();
    }

    @Test
    void parse_whenOptionUnknown_thenRejects() {
        assertThatThrownBy(() -> LoadConfig.parse(new String[] {"--device", "5"}, START))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--device");
    }

    @Test
    void parse_whenValueMissing_thenRejects() {
        assertThatThrownBy(() -> LoadConfig.parse(new String[] {"--devices"}, START))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a value");
    }

    @Test
    void parse_whenValueOutOfRange_thenRejects() {
        assertThatThrownBy(() -> LoadConfig.parse(new String[] {"--qos", "2"}, START))
                .hasMessageContaining("--qos must be in 0..1");
        assertThatThrownBy(() -> LoadConfig.parse(new String[] {"--devices", "many"}, START))
                .hasMessageContaining("whole number");
        assertThatThrownBy(() -> LoadConfig.parse(new String[] {"--rate", "-1"}, START))
                .hasMessageContaining("--rate");
        assertThatThrownBy(() -> LoadConfig.parse(new String[] {"--product", "bad-key"}, START))
                .hasMessageContaining("--product");
    }

    @Test
    void parse_withoutProvision_thenRestAndSignedAndNoBrokerCpu() {
        LoadConfig config = LoadConfig.parse(new String[0], START);

        assertThat(config.provision()).isEqualTo(LoadConfig.Provisioning.REST);
        assertThat(config.signed()).isTrue();
        assertThat(config.brokerPid()).isZero();
        assertThat(config.clockTicks()).isEqualTo(100);
    }

    @Test
    void parse_withPlainBrokerTarget_thenUnsignedWithBrokerPid() {
        LoadConfig config = LoadConfig.parse(new String[] {"--provision", "none", "--broker-pid", "4242",
                "--clock-ticks", "250"}, START);

        assertThat(config.provision()).isEqualTo(LoadConfig.Provisioning.NONE);
        assertThat(config.signed()).isFalse();
        assertThat(config.brokerPid()).isEqualTo(4242);
        assertThat(config.clockTicks()).isEqualTo(250);
    }

    @Test
    void parse_whenRegistryProvisioningWithoutKafka_thenRejects() {
        assertThatThrownBy(() -> LoadConfig.parse(new String[] {"--provision", "registry"}, START))
                .hasMessageContaining("--kafka");
        assertThat(LoadConfig.parse(new String[] {"--provision", "registry", "--kafka", "127.0.0.1:9092"}, START)
                .provision()).isEqualTo(LoadConfig.Provisioning.REGISTRY);
        assertThatThrownBy(() -> LoadConfig.parse(new String[] {"--provision", "mosquitto"}, START))
                .hasMessageContaining("--provision");
    }

    @Test
    void usage_listsEveryOptionWithItsDefault() {
        assertThat(LoadConfig.usage()).contains("--devices", "(default 1000)", "--kafka", "--rate");
    }
}
