package io.weft.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** What operators and API clients discover without reading code: the OpenAPI document and the health endpoint. */
class ApiDocsAndHealthIT extends OnRealParts {

    @Test
    void apiDocs_isAnOpenApi3DocumentListingEveryApiPath() {
        Api.Reply docs = api.get("/v3/api-docs");

        assertThat(docs.status()).as(docs.toString()).isEqualTo(200);
        JsonNode document = docs.json();
        assertThat(document.path("openapi").asString()).startsWith("3.");
        List<String> paths = new ArrayList<>(document.path("paths").propertyNames());
        assertThat(paths).contains(
                "/api/v1/products",
                "/api/v1/products/{productKey}",
                "/api/v1/products/{productKey}/thing-model",
                "/api/v1/products/{productKey}/devices",
                "/api/v1/products/{productKey}/broadcast",
                "/api/v1/devices/{productKey}/{deviceName}",
                "/api/v1/devices/{productKey}/{deviceName}/rrpc",
                "/api/v1/devices/{productKey}/{deviceName}/properties",
                "/api/v1/devices/{productKey}/{deviceName}/properties/{identifier}/history");
        assertThat(document.path("paths").path("/api/v1/products").has("post")).isTrue();
        assertThat(document.path("paths").path("/api/v1/products/{productKey}/thing-model").has("put")).isTrue();
        JsonNode device = document.path("paths").path("/api/v1/devices/{productKey}/{deviceName}");
        assertThat(device.has("get") && device.has("patch") && device.has("delete")).as(device.toString()).isTrue();
    }

    @Test
    void health_isUp() {
        Api.Reply health = api.get("/actuator/health");

        assertThat(health.status()).as(health.toString()).isEqualTo(200);
        assertThat(health.json().path("status").asString()).isEqualTo("UP");
        assertThat(api.get("/actuator/health/liveness").json().path("status").asString()).isEqualTo("UP");
        assertThat(api.get("/actuator/health/readiness").json().path("status").asString()).isEqualTo("UP");
    }
}
