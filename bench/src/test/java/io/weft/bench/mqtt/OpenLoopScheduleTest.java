package io.weft.bench.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class OpenLoopScheduleTest {

    @Test
    void dueOffset_spacesMessagesEvenlyAtTheTotalRate() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(1000, 10);

        assertThat(schedule.dueOffsetNanos(0)).isZero();
        assertThat(schedule.dueOffsetNanos(1)).isEqualTo(1_000_000);
        assertThat(schedule.dueOffsetNanos(1000)).isEqualTo(1_000_000_000);
    }

    @Test
    void device_takesTurnsSoEachDeviceSendsEveryDevicesOverRateSeconds() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(1000, 10);

        assertThat(schedule.device(0)).isZero();
        assertThat(schedule.device(9)).isEqualTo(9);
        assertThat(schedule.device(10)).isZero();
        // device 3 sends at n = 3, 13, 23: every 10 ms
        assertThat(schedule.dueOffsetNanos(13) - schedule.dueOffsetNanos(3)).isEqualTo(10_000_000);
    }

    @Test
    void dueBy_countsMessagesDueAtOrBeforeAnOffset() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(1000, 10);

        assertThat(schedule.dueBy(-1)).isZero();
        assertThat(schedule.dueBy(0)).isEqualTo(1);
        assertThat(schedule.dueBy(999_999)).isEqualTo(1);
        assertThat(schedule.dueBy(1_000_000)).isEqualTo(2);
        assertThat(schedule.dueBy(30_000_000_000L)).isEqualTo(30_001);
    }

    @Test
    void dueBy_agreesWithDueOffsetAtAFractionalRate() {
        OpenLoopSchedule schedule = new OpenLoopSchedule(333.3, 7);

        for (long n = 0; n < 5_000; n++) {
            long due = schedule.dueOffsetNanos(n);
            assertThat(schedule.dueBy(due)).as("due by message %d", n).isEqualTo(n + 1);
            assertThat(schedule.dueBy(due - 1)).as("due just before message %d", n).isEqualTo(n);
        }
    }

    @Test
    void rejectsANonPositiveRate() {
        assertThatThrownBy(() -> new OpenLoopSchedule(0, 10)).isInstanceOf(IllegalArgumentException.class);
    }
}
