package io.weft.bench.rules;

import io.weft.bench.mqtt.OpenLoopSchedule;
import java.util.concurrent.TimeUnit;

/**
 * The fixed timetable of a device → alert run: post {@code n} (from 0) is due {@code n / rate} s after the start
 * ({@link OpenLoopSchedule}); one post in {@code alertEvery} (the last of each run of {@code alertEvery}) is hot and
 * is the one post of hot device {@code n / alertEvery}, so each opens a new alert; the others cycle through the
 * {@code devices} cool devices. A post counts when it is due at or after the warm-up.
 *
 * @param rate            posts per second in all
 * @param alertEvery      one post in this many is hot (at least 2)
 * @param devices         cool devices
 * @param warmupSeconds   unmeasured seconds first
 * @param durationSeconds measured seconds after them
 */
public record HotTimetable(int rate, int alertEvery, int devices, int warmupSeconds, int durationSeconds) {

    public HotTimetable {
        if (rate < 1 || alertEvery < 2 || devices < 1 || warmupSeconds < 0 || durationSeconds < 1) {
            throw new IllegalArgumentException("rate, devices and duration must be positive, alertEvery at least 2");
        }
    }

    /** Posts in the whole run, warm-up included. */
    public long posts() {
        return (long) rate * (warmupSeconds + durationSeconds);
    }

    /** Hot devices the run needs: one per hot post. */
    public int hotDevices() {
        return (int) (posts() / alertEvery);
    }

    /** Nanoseconds from the start at which post {@code n} is due. */
    public long dueOffsetNanos(long n) {
        return new OpenLoopSchedule(rate, devices).dueOffsetNanos(n);
    }

    public boolean hot(long n) {
        return n % alertEvery == alertEvery - 1;
    }

    /** The hot device of hot post {@code n}, from 0. */
    public int hotDevice(long n) {
        return (int) (n / alertEvery);
    }

    /** The cool device of post {@code n} (not hot), from 0. */
    public int coolDevice(long n) {
        return (int) (n % devices);
    }

    /** Whether post {@code n} is due inside the measured window. */
    public boolean measured(long n) {
        return dueOffsetNanos(n) >= TimeUnit.SECONDS.toNanos(warmupSeconds);
    }
}
