package io.weft.flinkjobs.rules.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.envelope.Telemetry;
import io.weft.core.tsl.PropertyPoint;
import java.util.List;
import java.util.Map;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/** A telemetry record as a row of weft_telemetry: Alibaba's items form, the Alink topic, the device's time. */
class TelemetryRowsTest {

    @Test
    void propertyPost_becomesARowWithItemsInAlibabasForm() {
        Telemetry t = new Telemetry(42L, "a1thermo", "kitchen", Telemetry.PROPERTY, null, List.of(
                new PropertyPoint("Temp", 23.5d, 1_000L), new PropertyPoint("Counter", 7L, 1_000L),
                new PropertyPoint("Label", "hall", 1_000L),
                new PropertyPoint("position", Map.of("latitude", 30.5d), 1_000L)), 5_000L);

        Row row = new TelemetryRows().map(t);

        assertThat(row.getField(0)).isEqualTo("a1thermo");
        assertThat(row.getField(1)).isEqualTo("kitchen");
        assertThat(row.getField(2)).isEqualTo("property");
        assertThat(row.getField(3)).isNull();
        assertThat(row.getField(4)).isEqualTo(42L);
        assertThat(row.getField(5)).isEqualTo("/sys/a1thermo/kitchen/thing/event/property/post");
        assertThat(row.getField(6)).isEqualTo("{\"Temp\":{\"value\":23.5,\"time\":1000},"
                + "\"Counter\":{\"value\":7,\"time\":1000},\"Label\":{\"value\":\"hall\",\"time\":1000},"
                + "\"position\":{\"value\":{\"latitude\":30.5},\"time\":1000}}");
    }

    @Test
    void eventPost_hasItsEventTopic() {
        Telemetry t = new Telemetry(1L, "a1thermo", "kitchen", Telemetry.EVENT, "Overheat",
                List.of(new PropertyPoint("Temp", 150.0d, 1_000L)), 5_000L);

        assertThat(new TelemetryRows().map(t).getField(5)).isEqualTo("/sys/a1thermo/kitchen/thing/event/Overheat/post");
    }

    @Test
    void eventTime_isTheDevicesTime_elseTheReceiveTime() {
        Telemetry timed = new Telemetry(1L, "pk", "dn", Telemetry.PROPERTY, null,
                List.of(new PropertyPoint("a", 1L, 1_000L), new PropertyPoint("b", 2L, 3_000L)), 9_000L);
        Telemetry untimed = new Telemetry(1L, "pk", "dn", Telemetry.PROPERTY, null,
                List.of(new PropertyPoint("a", 1L, 0L)), 9_000L);

        assertThat(TelemetryRows.eventTime(timed)).isEqualTo(3_000L);
        assertThat(TelemetryRows.eventTime(untimed)).isEqualTo(9_000L);
        assertThat(TelemetryRows.eventTime(new Telemetry(1L, "pk", "dn", Telemetry.PROPERTY, null, List.of(),
                9_000L))).isEqualTo(9_000L);
    }
}
