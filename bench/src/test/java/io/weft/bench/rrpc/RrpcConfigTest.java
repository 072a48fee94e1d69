package io.weft.bench.rrpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The RRPC bench's options: defaults, the command in bench/README.md, and refusals. */
class RrpcConfigTest {

    @Test
    void defaults_whenNoOptions() {
        RrpcConfig c = RrpcConfig.parse(new String[0], 1700000000L);

        assertThat(c.rest().toString()).isEqualTo("http://localhost:8080");
        assertThat(c.devices()).isEqualTo(100);
        assertThat(c.callers()).isEqualTo(16);
        assertThat(c.timeoutMs()).isEqualTo(5000);
        assertThat(c.productKey()).isEqualTo("benchRrpc1700000000");
    }

    @Test
    void readmeCommand_parses() {
        RrpcConfig c = RrpcConfig.parse(("--devices 100 --callers 16 --payload-bytes 64 --duration 30 --warmup 5")
                .split(" "), 1L);

        assertThat(c.devices()).isEqualTo(100);
        assertThat(c.callers()).isEqualTo(16);
        assertThat(c.payloadBytes()).isEqualTo(64);
        assertThat(c.duration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.warmup()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void refuses_timeoutOutsideAlibabasRange_unknownOptions_andMissingValues() {
        assertThatThrownBy(() -> RrpcConfig.parse(new String[] {"--timeout-ms", "999"}, 1L))
                .hasMessageContaining("timeout-ms");
        assertThatThrownBy(() -> RrpcConfig.parse(new String[] {"--timeout-ms", "8001"}, 1L))
                .hasMessageContaining("timeout-ms");
        assertThatThrownBy(() -> RrpcConfig.parse(new String[] {"--rate", "5"}, 1L)).hasMessageContaining("--rate");
        assertThatThrownBy(() -> RrpcConfig.parse(new String[] {"--devices"}, 1L)).hasMessageContaining("value");
    }
}
