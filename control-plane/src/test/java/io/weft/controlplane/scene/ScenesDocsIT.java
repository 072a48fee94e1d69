package io.weft.controlplane.scene;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.controlplane.Api;
import io.weft.controlplane.HttpExamples;
import io.weft.controlplane.OnRealParts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Runs the examples of "Scene linkage" in docs/rules.md, in order, against the real app ({@link HttpExamples}), with
 * the example thermostat {@code a1thermo} created first (unless another docs test of this JVM did).
 */
class ScenesDocsIT extends OnRealParts {
    private static final Path DOC = Path.of("..", "docs", "rules.md");

    @Test
    void everySceneExampleInRulesMd_getsTheAnswerTheDocShows() throws IOException {
        String tsl = Files.readString(Path.of("..", "sql-rules", "src", "test", "resources", "thermostat-tsl.json"));
        Api.Reply product = api.post("/api/v1/products", "{\"productKey\":\"a1thermo\",\"name\":\"Thermostat\","
                + "\"thingModel\":" + tsl + "}");
        assertThat(product.status()).as(product.toString()).isIn(201, 409);

        assertThat(new HttpExamples(DOC, "## Scene linkage").run(api)).isGreaterThanOrEqualTo(10);
    }

    @Test
    void docsSection_namesEveryEndpointOfTheController() throws IOException {
        String doc = Files.readString(DOC);

        assertThat(Arrays.asList("POST /api/v1/scenes", "GET /api/v1/scenes", "GET /api/v1/scenes/{id}",
                "PUT /api/v1/scenes/{id}", "DELETE /api/v1/scenes/{id}", "POST /api/v1/scenes/{id}/start",
                "GET /api/v1/scenes/{id}/status"))
                .allSatisfy(endpoint -> assertThat(doc).contains(endpoint));
    }
}
