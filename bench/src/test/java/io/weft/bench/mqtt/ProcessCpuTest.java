package io.weft.bench.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessCpuTest {
    /** A real line of /proc/<pid>/task/<tid>/stat, its name holding a space and a parenthesis: utime 512, stime 37. */
    private static final String STAT = "4242 (GC Thread) #1) S 1 4242 4242 0 -1 4194624 8105 0 0 0 512 37 0 0 20 0 "
            + "12 0 1043 3546763264 60391 18446744073709551615 1 1 0 0 0 0 0 4096 16391 0 0 0 17 1 0 0 0 0 0";

    @Test
    void ticks_whenNameHoldsSpacesAndParentheses_thenAddsUtimeAndStime() {
        assertThat(ProcessCpu.ticks(STAT)).isEqualTo(549);
        assertThat(ProcessCpu.name(STAT)).isEqualTo("GC Thread) #1");
    }

    @Test
    void group_removesTheTrailingCounter() {
        assertThat(ProcessCpu.group("nioEventLoopGro")).isEqualTo("nioEventLoopGro");
        assertThat(ProcessCpu.group("GC Thread#12")).isEqualTo("GC Thread#");
        assertThat(ProcessCpu.group("kafka-producer-")).isEqualTo("kafka-producer");
        assertThat(ProcessCpu.group("mosquitto")).isEqualTo("mosquitto");
        assertThat(ProcessCpu.group("1234")).isEqualTo("1234");
    }

    /** The CPU between two samples of a fake /proc: the process total, and per thread group of threads alive at both. */
    @Test
    void between_whenThreadsComeAndGo_thenCountsTheProcessAndGroupsLiveThreads(@TempDir Path proc)
            throws Exception {
        ProcessCpu cpu = new ProcessCpu(proc, 7, 100);
        write(proc, 7, stat(7, "java", 1000), Map.of(8L, stat(8, "worker-1", 300), 9L, stat(9, "worker-2", 200),
                10L, stat(10, "short-lived", 50)));
        ProcessCpu.Sample first = cpu.sample();
        Files.delete(proc.resolve("7/task/10/stat"));
        Files.delete(proc.resolve("7/task/10"));
        write(proc, 7, stat(7, "java", 1450), Map.of(8L, stat(8, "worker-1", 500), 9L, stat(9, "worker-2", 350)));
        ProcessCpu.Sample last = cpu.sample();

        ProcessCpu.Usage usage = cpu.between(first, last);

        assertThat(usage.cpuSeconds()).isCloseTo(4.5, within(1e-9));
        assertThat(usage.secondsByThreadGroup()).containsOnlyKeys("worker");
        assertThat(usage.secondsByThreadGroup().get("worker")).isCloseTo(3.5, within(1e-9));
        assertThat(usage.wallSeconds()).isPositive();
    }

    private static String stat(long pid, String name, long utime) {
        return pid + " (" + name + ") S 1 1 1 0 -1 0 0 0 0 0 " + utime + " 0 0 0 20 0 1 0 0 0 0";
    }

    private static void write(Path proc, long pid, String stat, Map<Long, String> threads) throws Exception {
        Path dir = Files.createDirectories(proc.resolve(Long.toString(pid)));
        Files.writeString(dir.resolve("stat"), stat);
        for (Map.Entry<Long, String> t : threads.entrySet()) {
            Path task = Files.createDirectories(dir.resolve("task").resolve(Long.toString(t.getKey())));
            Files.writeString(task.resolve("stat"), t.getValue());
        }
    }
}
