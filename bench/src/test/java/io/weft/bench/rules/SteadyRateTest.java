package io.weft.bench.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SteadyRateTest {
    private static final long S = 1_000_000_000L;

    @Test
    void of_takesTheFirstSamplesAtTheTwoFractions() {
        List<SteadyRate.Sample> samples = List.of(new SteadyRate.Sample(0, 0), new SteadyRate.Sample(S, 0),
                new SteadyRate.Sample(2 * S, 150), new SteadyRate.Sample(3 * S, 500), new SteadyRate.Sample(4 * S, 950),
                new SteadyRate.Sample(5 * S, 1000));

        SteadyRate.Window window = SteadyRate.of(samples, 1000, 0.1, 0.9);

        assertThat(window.records()).isEqualTo(800);
        assertThat(window.seconds()).isCloseTo(2.0, within(1e-9));
        assertThat(window.perSecond()).isCloseTo(400.0, within(1e-9));
    }

    @Test
    void of_whenTheBacklogWasNotReached_thenRejects() {
        List<SteadyRate.Sample> samples = List.of(new SteadyRate.Sample(S, 100), new SteadyRate.Sample(2 * S, 500));

        assertThatThrownBy(() -> SteadyRate.of(samples, 1000, 0.1, 0.9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("500 of 1000");
    }

    @Test
    void of_whenOneCheckpointCoversBothEnds_thenRejects() {
        List<SteadyRate.Sample> samples = List.of(new SteadyRate.Sample(S, 0), new SteadyRate.Sample(2 * S, 1000));

        assertThatThrownBy(() -> SteadyRate.of(samples, 1000, 0.1, 0.9))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one checkpoint");
    }
}
