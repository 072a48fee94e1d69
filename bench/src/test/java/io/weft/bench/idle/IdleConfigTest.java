package io.weft.bench.idle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class IdleConfigTest {
    @Test
    void parse_withThePidOnly_thenDefaults() {
        IdleConfig config = IdleConfig.parse(new String[] {"--edge-pid", "4242"}, 1_700_000_000L);

        assertThat(config.edgePid()).isEqualTo(4242);
        assertThat(config.connections()).isEqualTo(50_000);
        assertThat(config.keepAlive()).isEqualTo(1200);
        assertThat(config.sources()).containsExactly("127.0.0.2", "127.0.0.3", "127.0.0.4");
        assertThat(config.productKey()).isEqualTo("idle1700000000");
    }

    @Test
    void parse_withSources_thenSplitsThem() {
        IdleConfig config = IdleConfig.parse(new String[] {"--edge-pid", "1", "--sources", "127.0.0.9, 127.0.0.10",
                "--connections", "19000"}, 0);

        assertThat(config.sources()).containsExactly("127.0.0.9", "127.0.0.10");
        assertThat(config.connections()).isEqualTo(19_000);
    }

    @Test
    void parse_whenPidMissingOrKeepaliveOutsideAlibabasRange_thenRejects() {
        assertThatThrownBy(() -> IdleConfig.parse(new String[0], 0)).hasMessageContaining("--edge-pid");
        assertThatThrownBy(() -> IdleConfig.parse(new String[] {"--edge-pid", "1", "--keepalive", "1201"}, 0))
                .hasMessageContaining("--keepalive");
    }
}
