package io.weft.bench.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class HotTimetableTest {
    private final HotTimetable timetable = new HotTimetable(100, 10, 3, 2, 5);

    @Test
    void posts_coverWarmupAndMeasuredWindow_withOneHotDevicePerHotPost() {
        assertThat(timetable.posts()).isEqualTo(700);
        assertThat(timetable.hotDevices()).isEqualTo(70);
        assertThat(LongStream.range(0, timetable.posts()).filter(timetable::hot).count()).isEqualTo(70);
    }

    @Test
    void hot_isTheLastOfEachRun_andEachHotPostHasADeviceOfItsOwn() {
        assertThat(timetable.hot(9)).isTrue();
        assertThat(timetable.hot(0)).isFalse();
        assertThat(timetable.hot(10)).isFalse();
        Set<Integer> hotDevices = new HashSet<>();
        LongStream.range(0, timetable.posts()).filter(timetable::hot)
                .forEach(n -> assertThat(hotDevices.add(timetable.hotDevice(n))).isTrue());
        assertThat(hotDevices).hasSize(timetable.hotDevices()).allMatch(d -> d >= 0 && d < timetable.hotDevices());
    }

    @Test
    void coolDevice_cyclesThroughTheCoolDevices() {
        assertThat(LongStream.range(0, 6).map(timetable::coolDevice)).containsExactly(0L, 1L, 2L, 0L, 1L, 2L);
    }

    @Test
    void dueOffsetNanos_isEvenlySpacedAtTheRate() {
        assertThat(timetable.dueOffsetNanos(0)).isZero();
        assertThat(timetable.dueOffsetNanos(1)).isEqualTo(10_000_000);
        assertThat(timetable.dueOffsetNanos(699)).isEqualTo(6_990_000_000L);
    }

    @Test
    void measured_startsWithTheFirstPostDueAfterTheWarmup() {
        assertThat(timetable.measured(199)).isFalse();
        assertThat(timetable.measured(200)).isTrue();
        assertThat(timetable.measured(699)).isTrue();
        assertThat(new HotTimetable(100, 10, 3, 0, 5).measured(0)).isTrue();
    }

    @Test
    void constructor_whenEveryPostWouldBeHot_thenRejects() {
        assertThatThrownBy(() -> new HotTimetable(100, 1, 3, 2, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HotTimetable(0, 10, 3, 2, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
