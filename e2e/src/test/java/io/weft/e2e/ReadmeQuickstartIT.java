package io.weft.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.standalone.StandaloneConfig;
import io.weft.standalone.WeftStandalone;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's quickstart, run as written: its shell blocks, in order, in one bash session (curl, openssl and
 * Mosquitto's mosquitto_pub, which .ci/run installs), against standalone Weft. Only the ports are changed, to the
 * free ones this instance listens on.
 */
class ReadmeQuickstartIT {
    private static final Path README = Path.of("..", "README.md");

    @TempDir
    Path dataDir;

    @Test
    void quickstart_worksAsWritten() throws Exception {
        List<String> blocks = quickstartBlocks();
        assertThat(blocks).hasSizeGreaterThanOrEqualTo(5);
        StandaloneConfig config = StandaloneConfig.randomPorts(dataDir);
        try (WeftStandalone weft = new WeftStandalone(config, System.out::println).start()) {
            List<String> adapted = blocks.stream().map(b -> b
                    .replace("localhost:8080", "localhost:" + config.restPort())
                    .replace("-p 1883", "-p " + config.mqttPort())).toList();
            String setup = String.join("\n", adapted.subList(0, adapted.size() - 1));
            String readBack = adapted.get(adapted.size() - 1);

            Result steps = bash(setup);
            assertThat(steps.exitCode()).as(steps.output()).isZero();
            assertThat(steps.output()).contains("\"productKey\":\"a1Thermo01\"").containsPattern("device secret: [0-9a-f]{32}");

            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                    assertThat(bash(readBack).output()).contains("\"identifier\":\"Temp\"").contains("\"value\":23.5"));
        }
    }

    /** The fenced blocks of the README's quickstart section, in order. */
    private static List<String> quickstartBlocks() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("## Quickstart");
        int end = readme.indexOf("\n## ", start + 1);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<String> blocks = new ArrayList<>();
        int from = 0;
        while (true) {
            int open = section.indexOf("```\n", from);
            if (open < 0) {
                return blocks;
            }
            int close = section.indexOf("\n```", open + 4);
            blocks.add(section.substring(open + 4, close));
            from = close + 4;
        }
    }

    private static Result bash(String script) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(-1, output + "\n(timed out)");
        }
        return new Result(process.exitValue(), output);
    }

    private record Result(int exitCode, String output) {
    }
}
