package io.weft.e2e;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.standalone.WeftStandalone;

import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * RRPC end to end on standalone Weft: an Alibaba-signed Eclipse Paho device subscribed to
 * {@code /sys/{pk}/{dn}/rrpc/request/+} answers on {@code /rrpc/response/{messageId}}, and the REST call
 * {@code POST /api/v1/devices/{pk}/{dn}/rrpc} returns its payload; through Kafka both ways ({@code weft.down},
 * {@code weft.replies}), as it would across processes. Custom-topic RRPC is in {@link CustomTopicsIT}.
 */
class RrpcIT {
    @RegisterExtension
    static final SharedWeft WEFT = new SharedWeft();
    static WeftStandalone weft;
    static WeftApi api;
    static String productKey;

    @BeforeAll
    static void createProduct() throws Exception {
        weft = WEFT.weft();
        api = WEFT.api();
        productKey = api.createUniqueProduct("rrpc", "Valve", "{\"properties\":[]}");
    }

    @Test
    void rrpc_whenPahoDeviceAnswers_thenRestReturnsItsPayload() throws Exception {
        TestDevice device = api.registerDevice(productKey, "valve-1");
        try (PahoDevice paho = PahoDevice.connect(weft.config().mqttPort(), device)) {
            paho.answerRrpc(device, request -> ("echo:" + new String(request, UTF_8)).getBytes(UTF_8));
            awaitOnline(device);

            for (int i = 0; i < 3; i++) {
                WeftApi.Response answer = rrpc(device, "{\"open\":" + i + "}", 5000);

                assertThat(answer.status()).as(answer.body()).isEqualTo(200);
                JsonNode body = answer.json();
                assertThat(new String(Base64.getDecoder().decode(body.path("payload").asString()), UTF_8))
                        .isEqualTo("echo:{\"open\":" + i + "}");
                assertThat(body.path("rrpcCode").asString()).isEqualTo("SUCCESS");
                assertThat(body.path("messageId").asString()).matches("[0-9]+");
            }
        }
    }

    /** The control plane's stored presence says offline: OFFLINE at once, not after the 8 s timeout. */
    @Test
    void rrpc_whenDeviceNotConnected_thenOfflineProblemWellBeforeTheTimeout() {
        TestDevice device = api.registerDevice(productKey, "valve-off");
        long start = System.nanoTime();

        WeftApi.Response answer = rrpc(device, "{}", 8000);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(answer.status()).as(answer.body()).isEqualTo(409);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("rrpcCode").asString()).isEqualTo("OFFLINE");
    }

    @Test
    void rrpc_whenDeviceConnectedButSilent_thenTimeoutProblem() throws Exception {
        TestDevice device = api.registerDevice(productKey, "valve-mute");
        try (PahoDevice paho = PahoDevice.connect(weft.config().mqttPort(), device)) {
            awaitOnline(device);
            WeftApi.Response answer = rrpc(device, "{}", 1000);

            assertThat(answer.status()).as(answer.body()).isEqualTo(504);
            assertThat(answer.json().path("title").asString()).isEqualTo("RRPC timeout");
            assertThat(answer.json().path("rrpcCode").asString()).isEqualTo("TIMEOUT");
        }
    }

    /** Until the control plane has stored the device's ONLINE presence (RRPC answers OFFLINE at once before). */
    static void awaitOnline(WeftApi api, TestDevice device) {
        await().atMost(Duration.ofSeconds(30)).until(() -> api.device(device).path("online").asBoolean());
    }

    private static void awaitOnline(TestDevice device) {
        awaitOnline(api, device);
    }

    private static WeftApi.Response rrpc(TestDevice device, String payload, int timeoutMs) {
        return api.post("/api/v1/devices/" + device.productKey() + "/" + device.name() + "/rrpc",
                "{\"payload\":\"" + Base64.getEncoder().encodeToString(payload.getBytes(UTF_8)) + "\",\"timeoutMs\":"
                        + timeoutMs + "}");
    }
}
