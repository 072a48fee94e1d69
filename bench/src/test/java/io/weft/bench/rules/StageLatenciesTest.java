package io.weft.bench.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.weft.bench.rules.StageLatencies.Stage;
import org.junit.jupiter.api.Test;

class StageLatenciesTest {
    private static final long MS = 1_000_000L;

    @Test
    void summary_givesPercentilesFromTheScheduledSendTime() {
        StageLatencies stages = new StageLatencies();
        for (int i = 1; i <= 100; i++) {
            stages.expect("hot-" + i, 1_000 * MS);
            stages.arrived(Stage.ALERT, "hot-" + i, 1_000 * MS + i * 10 * MS);
        }

        LatencySummary alert = stages.summary(Stage.ALERT);

        assertThat(alert.expected()).isEqualTo(100);
        assertThat(alert.count()).isEqualTo(100);
        assertThat(alert.missing()).isZero();
        assertThat(alert.p50()).isCloseTo(500, offset(1.0));
        assertThat(alert.p90()).isCloseTo(900, offset(1.0));
        assertThat(alert.p99()).isCloseTo(990, offset(1.0));
        assertThat(alert.max()).isCloseTo(1000, offset(1.0));
    }

    @Test
    void arrived_countsEachPostOncePerStage_andMissingIsWhatNeverArrived() {
        StageLatencies stages = new StageLatencies();
        stages.expect("hot-1", 0);
        stages.expect("hot-2", 0);
        stages.arrived(Stage.TELEMETRY, "hot-1", 50 * MS);
        stages.arrived(Stage.TELEMETRY, "hot-1", 9_000 * MS);
        stages.arrived(Stage.TELEMETRY, "cool-7", 1 * MS);

        assertThat(stages.summary(Stage.TELEMETRY).count()).isEqualTo(1);
        assertThat(stages.summary(Stage.TELEMETRY).max()).isCloseTo(50, offset(0.1));
        assertThat(stages.missing(Stage.TELEMETRY)).isEqualTo(1);
        assertThat(stages.missing(Stage.ALERT)).isEqualTo(2);
        assertThat(stages.summary(Stage.ALERT)).isEqualTo(new LatencySummary(2, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void arrived_ofAWarmupPost_isCountedApartAndNotMeasured() {
        StageLatencies stages = new StageLatencies();
        stages.expectWarmup("hot-0");
        stages.expectWarmup("hot-1");
        stages.expect("hot-2", 0);
        stages.arrived(Stage.ALERT, "hot-0", 5 * MS);
        stages.arrived(Stage.ALERT, "hot-0", 6 * MS);

        assertThat(stages.warmupPosts()).isEqualTo(2);
        assertThat(stages.warmupAlerted()).isEqualTo(1);
        assertThat(stages.summary(Stage.ALERT).count()).isZero();
        assertThat(stages.missing(Stage.ALERT)).isEqualTo(1);
    }

    @Test
    void arrived_beforeItsDueTime_recordsZero() {
        StageLatencies stages = new StageLatencies();
        stages.expect("hot-1", 10 * MS);
        stages.arrived(Stage.PUBACK, "hot-1", 9 * MS);

        assertThat(stages.summary(Stage.PUBACK).max()).isZero();
        assertThat(stages.summary(Stage.PUBACK).count()).isEqualTo(1);
    }
}
