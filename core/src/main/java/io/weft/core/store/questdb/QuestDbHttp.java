package io.weft.core.store.questdb;

import io.weft.core.json.Json;
import io.weft.core.store.StoreException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** Runs SQL on QuestDB's HTTP endpoint ({@code /exec}) and returns its JSON answer. */
final class QuestDbHttp {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String baseUrl;

    QuestDbHttp(String httpAddress) {
        this.baseUrl = "http://" + httpAddress;
    }

    JsonNode exec(String sql) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/exec?query="
                        + URLEncoder.encode(sql, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30)).GET().build();
        try {
            HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = Json.MAPPER.readTree(response.body());
            if (response.statusCode() != 200 || body.has("error")) {
                throw new StoreException("QuestDB refused `" + sql + "`: " + body.path("error").asString(
                        "HTTP " + response.statusCode()));
            }
            return body;
        } catch (IOException e) {
            throw new StoreException("QuestDB at " + baseUrl + " is unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while querying QuestDB", e);
        }
    }
}
