package io.weft.ingest.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's {@code mosquitto_pub} and {@code mosquitto_sub} (package {@code mosquitto-clients}) run as child
 * processes: third-party MQTT clients written in C against libmosquitto. Each run has a bounded time and its
 * process is always destroyed; standard output and error go to one file, read when the process has ended.
 * A machine without the clients fails the test with how to install them, never skips it.
 */
final class MosquittoClients {
    static final String PUB = "mosquitto_pub";
    static final String SUB = "mosquitto_sub";

    private final Path workDir;

    MosquittoClients(Path workDir) {
        this.workDir = workDir;
    }

    /** How a finished client ended: its exit code and everything it printed. */
    record Result(int exitCode, String output) {
    }

    /** A client still running, with the file its output goes to. */
    record Running(Process process, Path output) implements AutoCloseable {
        /** Waits for the client to exit; destroys it and fails if it is still running after {@code timeout}. */
        Result waitFor(Duration timeout) throws InterruptedException {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError(process.info().command().orElse("client") + " did not exit within "
                            + timeout + "; it printed: " + read(output));
                }
                return new Result(process.exitValue(), read(output));
            } finally {
                close();
            }
        }

        String outputSoFar() {
            return read(output);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    /** Fails with the fix if {@code mosquitto_pub} or {@code mosquitto_sub} is not on the PATH. */
    static void requireInstalled() {
        for (String command : List.of(PUB, SUB)) {
            if (!onPath(command)) {
                throw new AssertionError(command + " is not installed: install Debian's mosquitto-clients "
                        + "(apt-get install -y mosquitto-clients; .ci/run does it when it is missing)");
            }
        }
    }

    /** Starts {@code command} with the arguments, its output captured to a file of its own. */
    Running start(String command, List<String> arguments) throws IOException {
        List<String> line = new ArrayList<>();
        line.add(command);
        line.addAll(arguments);
        Path output = Files.createTempFile(workDir, command, ".out");
        Process process = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectOutput(output.toFile()).redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                .start();
        return new Running(process, output);
    }

    /** Runs {@code command} to its end, at most {@code timeout}. */
    Result run(String command, List<String> arguments, Duration timeout) throws IOException, InterruptedException {
        return start(command, arguments).waitFor(timeout);
    }

    private static File nullDevice() {
        return new File("/dev/null");
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }

    private static String read(Path output) {
        try {
            return Files.readString(output, UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
