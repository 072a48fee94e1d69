package io.weft.bench.idle;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads another JVM's heap with the JDK's {@code jcmd}: {@code GC.run} (a full collection), then {@code GC.heap_info}
 * for the heap in use, and {@code GC.class_histogram} (itself after a full collection) for what holds it.
 */
final class HeapProbe {
    private static final Pattern USED = Pattern.compile("\\bheap\\s+total\\s+\\d+K,\\s+used\\s+(\\d+)K");
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(.+?)\\s*$");

    private final long pid;

    HeapProbe(long pid) {
        this.pid = pid;
    }

    /** Live objects of one class in a histogram. */
    record ClassUsage(String className, long instances, long bytes) {
    }

    /** Bytes of heap in use right after a full collection. */
    long usedAfterFullGc() throws IOException, InterruptedException {
        jcmd("GC.run");
        return usedBytes(jcmd("GC.heap_info"));
    }

    /** Live objects by class (the histogram runs a full collection first). */
    Map<String, ClassUsage> histogram() throws IOException, InterruptedException {
        return histogram(jcmd("GC.class_histogram"));
    }

    /** The {@code used} figure of the first {@code ... heap total NK, used NK} line, in bytes. */
    static long usedBytes(String heapInfo) {
        Matcher m = USED.matcher(heapInfo);
        if (!m.find()) {
            throw new IllegalArgumentException("no 'heap total ..., used ...' in GC.heap_info output: " + heapInfo);
        }
        return Long.parseLong(m.group(1)) * 1024;
    }

    static Map<String, ClassUsage> histogram(String output) {
        Map<String, ClassUsage> classes = new HashMap<>();
        for (String line : output.split("\n")) {
            Matcher m = HISTOGRAM_ROW.matcher(line);
            if (m.matches()) {
                String name = m.group(3).replaceFirst(" \\(.*\\)$", "");
                classes.merge(name, new ClassUsage(name, Long.parseLong(m.group(1)), Long.parseLong(m.group(2))),
                        (a, b) -> new ClassUsage(name, a.instances() + b.instances(), a.bytes() + b.bytes()));
            }
        }
        return classes;
    }

    /** What grew from {@code before} to {@code after}, largest growth first. */
    static List<ClassUsage> growth(Map<String, ClassUsage> before, Map<String, ClassUsage> after) {
        List<ClassUsage> grown = new ArrayList<>();
        after.forEach((name, now) -> {
            ClassUsage then = before.getOrDefault(name, new ClassUsage(name, 0, 0));
            if (now.bytes() > then.bytes()) {
                grown.add(new ClassUsage(name, now.instances() - then.instances(), now.bytes() - then.bytes()));
            }
        });
        grown.sort((a, b) -> Long.compare(b.bytes(), a.bytes()));
        return grown;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("jcmd", Long.toString(pid), command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + output);
        }
        return output;
    }
}
