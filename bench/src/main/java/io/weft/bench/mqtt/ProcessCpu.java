package io.weft.bench.mqtt;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of another process (the broker under test), read from Linux's {@code /proc/<pid>/stat} (utime + stime,
 * in clock ticks) and, per thread, from {@code /proc/<pid>/task/<tid>/stat}. Sampled at the start and the end of
 * the measured window, the difference is what the broker spent on the load. Threads are grouped by name with the
 * trailing counter removed ({@code nioEventLoopGroup-3-1} and {@code -3-2} are one group; Linux keeps the first 15
 * characters of a thread's name).
 */
public final class ProcessCpu {
    private final Path proc;
    private final long pid;
    private final int clockTicksPerSecond;

    /** @param clockTicksPerSecond {@code getconf CLK_TCK}, 100 on Linux for x86 and arm */
    public ProcessCpu(long pid, int clockTicksPerSecond) {
        this(Path.of("/proc"), pid, clockTicksPerSecond);
    }

    ProcessCpu(Path proc, long pid, int clockTicksPerSecond) {
        this.proc = proc;
        this.pid = pid;
        this.clockTicksPerSecond = clockTicksPerSecond;
    }

    /** CPU ticks of the whole process and of each of its live threads, and when (nanoTime) they were read. */
    public record Sample(long nanos, long ticks, Map<Long, ThreadTicks> threads) {
    }

    /** One thread's name and CPU ticks. */
    public record ThreadTicks(String name, long ticks) {
    }

    /** The figures between two samples. */
    public record Usage(double cpuSeconds, double wallSeconds, Map<String, Double> secondsByThreadGroup) {
        /** Share of one core used, e.g. 1.5 for one and a half cores. */
        public double cores() {
            return cpuSeconds / wallSeconds;
        }
    }

    public Sample sample() {
        long nanos = System.nanoTime();
        Path dir = proc.resolve(Long.toString(pid));
        long ticks = ticks(read(dir.resolve("stat")));
        Map<Long, ThreadTicks> threads = new HashMap<>();
        try (Stream<Path> tasks = Files.list(dir.resolve("task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    threads.put(Long.parseLong(task.getFileName().toString()), new ThreadTicks(name(stat),
                            ticks(stat)));
                } catch (NoSuchFileException e) {
                    // the thread ended while we listed them
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the threads of process " + pid, e);
        }
        return new Sample(nanos, ticks, threads);
    }

    /** What the process used from {@code first} to {@code last}; threads must be alive at both to be grouped. */
    public Usage between(Sample first, Sample last) {
        Map<String, Double> groups = new HashMap<>();
        last.threads().forEach((tid, now) -> {
            ThreadTicks before = first.threads().get(tid);
            if (before != null && now.ticks() > before.ticks()) {
                groups.merge(group(now.name()), (now.ticks() - before.ticks()) / (double) clockTicksPerSecond,
                        Double::sum);
            }
        });
        return new Usage((last.ticks() - first.ticks()) / (double) clockTicksPerSecond,
                (last.nanos() - first.nanos()) / 1e9, groups);
    }

    /**
     * utime + stime (fields 14 and 15) of a {@code stat} line. The name in parentheses (field 2) may itself hold
     * spaces and parentheses, so fields are counted from the last {@code ')'}.
     */
    static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
        // fields[0] is field 3 (state): utime is field 14, stime field 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static String name(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** A thread's name without its trailing counter: {@code GC Thread#1} → {@code GC Thread#}. */
    static String group(String threadName) {
        int end = threadName.length();
        while (end > 0 && (Character.isDigit(threadName.charAt(end - 1)) || threadName.charAt(end - 1) == '-')) {
            end--;
        }
        return end == 0 ? threadName : threadName.substring(0, end);
    }

    private String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (is process " + pid + " running?)", e);
        }
    }
}
