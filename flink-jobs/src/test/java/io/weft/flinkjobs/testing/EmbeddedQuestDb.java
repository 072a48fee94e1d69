package io.weft.flinkjobs.testing;

import io.questdb.ServerMain;
import io.weft.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A real QuestDB in the test JVM with only its HTTP endpoint (ILP writes and SQL) open on loopback, started the
 * way the standalone launcher starts it. Cold start takes several seconds: start one per test class.
 */
public final class EmbeddedQuestDb implements AutoCloseable {
    private final ServerMain server;
    private final String httpAddress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private EmbeddedQuestDb(ServerMain server, String httpAddress) {
        this.server = server;
        this.httpAddress = httpAddress;
    }

    public static EmbeddedQuestDb start(Path root) throws IOException {
        Files.createDirectories(root);
        Path logConf = root.resolve("log-test.conf");
        Files.writeString(logConf, """
                writers=stdout
                w.stdout.class=io.questdb.log.LogConsoleWriter
                w.stdout.level=ERROR
                """);
        // QuestDB reads its log configuration from the "out" system property, once per JVM.
        if (System.getProperty("out") == null) {
            System.setProperty("out", logConf.toAbsolutePath().toString());
        }
        int port = freePort();
        ServerMain server = ServerMain.create(root.toAbsolutePath().toString(), Map.of(
                "QDB_HTTP_BIND_TO", "127.0.0.1:" + port,
                "QDB_HTTP_MIN_ENABLED", "false",
                "QDB_PG_ENABLED", "false",
                "QDB_LINE_TCP_ENABLED", "false",
                "QDB_LINE_UDP_ENABLED", "false",
                "QDB_TELEMETRY_ENABLED", "false",
                "QDB_TELEMETRY_DISABLE_COMPLETELY", "true"));
        server.start();
        return new EmbeddedQuestDb(server, "127.0.0.1:" + port);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** host:port of the HTTP endpoint, as Weft's QuestDB writer and reader take it. */
    public String httpAddress() {
        return httpAddress;
    }

    /** Runs SQL through {@code /exec} and returns QuestDB's JSON answer (with an {@code error} field on failure). */
    public JsonNode exec(String sql) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + httpAddress + "/exec?query="
                + URLEncoder.encode(sql, StandardCharsets.UTF_8))).timeout(Duration.ofSeconds(30)).GET().build();
        try {
            return Json.MAPPER.readTree(http.send(request, HttpResponse.BodyHandlers.ofByteArray()).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code count()} of a query's rows; -1 while the table does not exist yet (tables appear with the first write). */
    public long count(String table, String where) {
        JsonNode answer = exec("SELECT count() FROM \"" + table + "\"" + (where == null ? "" : " WHERE " + where));
        if (answer.has("error")) {
            if (answer.path("error").asString("").contains("does not exist")) {
                return -1;
            }
            throw new IllegalStateException("QuestDB: " + answer.path("error").asString());
        }
        return answer.path("dataset").path(0).path(0).asLong();
    }

    @Override
    public void close() {
        server.close();
    }
}
