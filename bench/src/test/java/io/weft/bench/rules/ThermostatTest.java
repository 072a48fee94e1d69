package io.weft.bench.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.envelope.Telemetry;
import io.weft.core.tsl.PropertyPoint;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ThermostatTest {
    private final Thermostat thermostat = new Thermostat("a1thermo");

    @Test
    void reading_postsEveryPropertyOfTheModel_withTemperatureIn10To40() {
        SplittableRandom random = new SplittableRandom(1);

        IntStream.range(0, 1000).forEach(n -> {
            Telemetry t = thermostat.reading(n, "d" + n, 1000L + n, random);
            assertThat(t.kind()).isEqualTo(Telemetry.PROPERTY);
            assertThat(t.points()).extracting(PropertyPoint::identifier)
                    .containsExactlyElementsOf(thermostat.model().properties().stream()
                            .map(p -> p.identifier()).toList());
            assertThat((double) t.points().get(0).value()).isBetween(10.0, 40.0);
        });
    }

    @Test
    void hot_isAtHotDegrees() {
        Telemetry t = thermostat.hot(1, "hot-1", 1000L, new SplittableRandom(1));

        assertThat(t.points().get(0)).isEqualTo(new PropertyPoint("temperature", Thermostat.HOT, 1000L));
        assertThat(t.deviceName()).isEqualTo("hot-1");
    }
}
