package io.weft.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A real Flink session cluster: a JobManager and a TaskManager, each its own JVM, started the way Flink's
 * {@code bin/*.sh} scripts start them (JVM memory flags from {@code BashJavaUtils}), on a classpath Maven resolved
 * (target/flink-cluster-classpath.txt). Output goes to log files beside the config.
 */
final class FlinkSessionCluster implements AutoCloseable {
    private static final String RESULT = "BASH_JAVA_UTILS_EXEC_RESULT:";

    private final List<Process> processes = new ArrayList<>();
    private final Path dir;
    private final String classpath;
    private final List<String> addOpens;
    private final int restPort = freePort();

    FlinkSessionCluster(Path dir) throws IOException {
        this.dir = dir;
        this.classpath = Files.readString(Path.of(System.getProperty("weft.flink.cluster-classpath"))).trim();
        this.addOpens = Arrays.asList(System.getProperty("weft.flink.add-opens", "").trim().split("\\s+"));
    }

    URI restAddress() {
        return URI.create("http://127.0.0.1:" + restPort);
    }

    FlinkSessionCluster start() throws Exception {
        Path conf = dir.resolve("conf");
        Files.createDirectories(conf);
        int rpcPort = freePort();
        int tmRpcPort = freePort();
        Files.writeString(conf.resolve("config.yaml"), String.join("\n",
                "jobmanager.rpc.address: 127.0.0.1",
                "jobmanager.rpc.port: " + rpcPort,
                "jobmanager.bind-host: 127.0.0.1",
                "jobmanager.memory.process.size: 1024m",
                "taskmanager.bind-host: 127.0.0.1",
                "taskmanager.host: 127.0.0.1",
                "taskmanager.rpc.port: " + tmRpcPort,
                "taskmanager.data.port: 0",
                "taskmanager.numberOfTaskSlots: 2",
                "taskmanager.memory.process.size: 1536m",
                "rest.address: 127.0.0.1",
                "rest.bind-address: 127.0.0.1",
                "rest.port: " + restPort,
                "blob.server.port: 0",
                "execution.checkpointing.storage: filesystem",
                "execution.checkpointing.dir: " + dir.resolve("checkpoints").toUri(),
                ""));
        Files.writeString(conf.resolve("log4j2.properties"), String.join("\n",
                "rootLogger.level = WARN",
                "rootLogger.appenderRef.console.ref = Console",
                "appender.console.name = Console",
                "appender.console.type = CONSOLE",
                "appender.console.layout.type = PatternLayout",
                "appender.console.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n",
                ""));
        List<String> jm = resourceParams("GET_JM_RESOURCE_PARAMS", conf);
        processes.add(launch("jobmanager", jm.get(0), conf,
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                jm.size() > 1 ? jm.get(jm.size() - 1) : ""));
        List<String> tm = resourceParams("GET_TM_RESOURCE_PARAMS", conf);
        processes.add(launch("taskmanager", tm.get(0), conf,
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", tm.get(tm.size() - 1)));
        HttpClient http = HttpClient.newHttpClient();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            for (Process p : processes) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("a Flink process died; see " + dir);
                }
            }
            String body = http.send(HttpRequest.newBuilder(restAddress().resolve("/overview")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            return body.contains("\"taskmanagers\":1");
        });
        return this;
    }

    /** What Flink's scripts get from BashJavaUtils: JVM memory flags, then dynamic configuration. */
    private List<String> resourceParams(String command, Path conf) throws Exception {
        Process p = new ProcessBuilder(java(), "-cp", classpath,
                "org.apache.flink.runtime.util.bash.BashJavaUtils", command, "--configDir", conf.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        List<String> results = out.lines().filter(l -> l.startsWith(RESULT))
                .map(l -> l.substring(RESULT.length()).trim()).toList();
        if (results.isEmpty()) {
            throw new IllegalStateException("BashJavaUtils " + command + " printed no result:\n" + out);
        }
        return results;
    }

    private Process launch(String name, String jvmParams, Path conf, String mainClass, String dynamicConfig)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(Arrays.asList(jvmParams.split("\\s+")));
        command.addAll(addOpens);
        command.addAll(List.of("-Dlog4j.configurationFile=" + conf.resolve("log4j2.properties"),
                "-cp", classpath, mainClass, "--configDir", conf.toString()));
        if (!dynamicConfig.isBlank()) {
            command.addAll(Arrays.asList(dynamicConfig.split("\\s+")));
        }
        command.removeIf(String::isBlank);
        Path log = dir.resolve(name + ".log");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }
}
