package io.weft.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.core.json.Json;
import io.weft.standalone.WeftStandalone;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * A rule's store destination end to end on standalone Weft: the control plane accepts it (standalone gives it its
 * embedded QuestDB as the rules' store), starts the rule's group job with that store, and an Alibaba-signed Eclipse
 * Paho device's property posts that match the rule become rows of {@code rule_<table>} in QuestDB, read back over its
 * HTTP SQL endpoint as docs/rules.md shows.
 */
class RuleToStoreIT {
    static final String TSL = """
            {"properties":[
              {"identifier":"temperature","name":"Temperature","accessMode":"r",
               "dataType":{"type":"float","specs":{"min":"-40","max":"120"}}}]}""";

    @RegisterExtension
    static final SharedWeft WEFT = new SharedWeft();
    static WeftStandalone weft;
    static WeftApi api;
    static String productKey;

    @BeforeAll
    static void createProduct() {
        weft = WEFT.weft();
        api = WEFT.api();
        productKey = api.createUniqueProduct("rs", "Thermometer", TSL);
    }

    @Test
    void startedRuleWithAStoreDestination_writesItsResultsAsRowsOfItsTable() throws Exception {
        TestDevice device = api.registerDevice(productKey, "room-1");
        String id = "hot-" + productKey;
        String table = "hot_" + productKey;
        String sql = "SELECT temperature AS t FROM \"/" + productKey + "/+/thing/event/property/post\""
                + " WHERE temperature > 30";
        WeftApi.Response created = api.post("/api/v1/rules", "{\"id\":\"" + id + "\",\"name\":\"hot\","
                + "\"productKey\":\"" + productKey + "\",\"sql\":" + Json.writeString(sql) + ",\"destinations\":"
                + "[{\"type\":\"store\",\"table\":\"" + table + "\"}],\"errorDestination\":{\"type\":\"kafka\","
                + "\"topic\":\"errors-" + productKey + "\"}}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        WeftApi.Response started = api.post("/api/v1/rules/" + id + "/start", "");
        assertThat(started.status()).as(started.body()).isEqualTo(200);

        String query = "SELECT device, t FROM rule_" + table + " WHERE rule_id = '" + id + "'";
        try (PahoDevice paho = PahoDevice.connect(weft.config().mqttPort(), device)) {
            // Post (one per poll) until a row is there: the job reads from the latest offsets on.
            int[] seq = {0};
            JsonNode rows = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
                seq[0]++;
                double temperature = seq[0] % 2 == 1 ? 60.0 : 20.0;
                paho.publish(device.postTopic(), "{\"id\":\"" + seq[0] + "\",\"version\":\"1.0\",\"params\":"
                        + "{\"temperature\":" + temperature + "},\"method\":\"thing.event.property.post\"}", 1);
                return questDb(query).path("dataset");
            }, r -> r.size() >= 1);
            assertThat(rows.get(0).toString()).isEqualTo("[\"room-1\",60.0]");
        }
        assertThat(api.post("/api/v1/rules/" + id + "/stop", "").status()).isEqualTo(200);
    }

    /** SQL on the standalone QuestDB's {@code /exec}; an answer with {@code error} (no table yet) has no dataset. */
    private static JsonNode questDb(String sql) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + weft.config().questDbHttp() + "/exec?query="
                + URLEncoder.encode(sql, StandardCharsets.UTF_8))).GET().build();
        return Json.tree(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body());
    }
}
