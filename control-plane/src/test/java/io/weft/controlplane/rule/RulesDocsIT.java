package io.weft.controlplane.rule;

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
 * Runs the examples of "Managing rules over REST" in docs/rules.md, in order, against the real app
 * ({@link HttpExamples}). The example product {@code a1thermo} is created first (unless another docs test of this JVM
 * did).
 */
class RulesDocsIT extends OnRealParts {
    private static final Path DOC = Path.of("..", "docs", "rules.md");
    private static final String SECTION = "## Managing rules over REST";

    @Test
    void everyRestExampleInRulesMd_getsTheAnswerTheDocShows() throws IOException {
        Api.Reply product = api.post("/api/v1/products", "{\"productKey\":\"a1thermo\",\"name\":\"Thermostat\","
                + "\"thingModel\":" + Thermostat.tsl() + "}");
        assertThat(product.status()).as(product.toString()).isIn(201, 409);

        assertThat(new HttpExamples(DOC, SECTION).run(api)).isGreaterThanOrEqualTo(5);
    }

    @Test
    void docsSection_namesEveryEndpointOfTheController() throws IOException {
        String doc = Files.readString(DOC);

        assertThat(Arrays.asList("POST /api/v1/rules/validate", "POST /api/v1/rules", "GET /api/v1/rules/{id}",
                "PUT /api/v1/rules/{id}", "DELETE /api/v1/rules/{id}", "GET /api/v1/rules/{id}/versions",
                "GET /api/v1/rules/{id}/versions/{n}", "GET /api/v1/rules/{id}/deployment",
                "POST /api/v1/rules/{id}/start", "GET /api/v1/rules/{id}/status", "POST /api/v1/rules/{id}/dry-run",
                "POST /api/v1/rules/dry-run"))
                .allSatisfy(endpoint -> assertThat(doc).contains(endpoint));
    }
}
