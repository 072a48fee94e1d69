package io.weft.flinkjobs.testing;

import io.weft.core.json.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/**
 * A real QuestDB in the test JVM (core's {@link io.weft.core.store.questdb.EmbeddedQuestDb}, as standalone starts
 * it), with SQL helpers for assertions. Cold start takes several seconds: start one per test class.
 */
public final class EmbeddedQuestDb implements AutoCloseable {
    private final io.weft.core.store.questdb.EmbeddedQuestDb server;
    private final String httpAddress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private EmbeddedQuestDb(io.weft.core.store.questdb.EmbeddedQuestDb server) {
        this.server = server;
        this.httpAddress = server.httpAddress();
    }

    public static EmbeddedQuestDb start(Path root) throws IOException {
        return new EmbeddedQuestDb(io.weft.core.store.questdb.EmbeddedQuestDb.start(root, 0));
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
