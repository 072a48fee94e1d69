package io.weft.bench.mqtt;

/**
 * The fixed timetable of an open-loop run: message {@code n} (from 0) is due {@code n / rate} seconds after the
 * start and goes to device {@code n mod devices}, so each device sends every {@code devices / rate} seconds and
 * the devices are evenly staggered. Latency is measured from the due time, not from when the message actually
 * left: a stalled server cannot hide its stall by slowing the sender (no coordinated omission).
 */
public record OpenLoopSchedule(double rate, int devices) {

    public OpenLoopSchedule {
        if (rate <= 0 || devices < 1) {
            throw new IllegalArgumentException("rate must be positive and devices at least 1");
        }
    }

    /** Nanoseconds from the start at which message {@code n} is due. */
    public long dueOffsetNanos(long n) {
        return (long) Math.floor(n * 1e9 / rate);
    }

    /** The device message {@code n} belongs to. */
    public int device(long n) {
        return (int) (n % devices);
    }

    /** How many messages are due by {@code offsetNanos} after the start (due time at or before it). */
    public long dueBy(long offsetNanos) {
        if (offsetNanos < 0) {
            return 0;
        }
        long n = (long) Math.floor(offsetNanos * rate / 1e9) + 1;
        // floating point can land one off near a boundary; settle it on the exact due times
        while (n > 0 && dueOffsetNanos(n - 1) > offsetNanos) {
            n--;
        }
        while (dueOffsetNanos(n) <= offsetNanos) {
            n++;
        }
        return n;
    }
}
