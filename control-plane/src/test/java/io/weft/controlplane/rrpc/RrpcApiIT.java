package io.weft.controlplane.rrpc;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.controlplane.Api;
import io.weft.controlplane.OnRealParts;
import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.Reply;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * RRPC over REST on the real app and a real Kafka, with the edge played by {@link EdgeStandIn}: the request goes
 * out on {@code weft.down} as {@code /sys/{pk}/{dn}/rrpc/request/{messageId}} (QoS 0, deadline = now + timeout), and
 * the call answers with the response an edge writes to {@code weft.replies}; otherwise it answers a problem with
 * Alibaba's {@code rrpcCode}.
 */
class RrpcApiIT extends OnRealParts {
    private static EdgeStandIn edge;
    private String pk;
    private final String dn = "pump-1";

    @BeforeAll
    static void edgeStandIn() throws InterruptedException {
        edge = new EdgeStandIn(PARTS.kafkaBootstrap());
    }

    @AfterAll
    static void stopEdgeStandIn() throws InterruptedException {
        edge.close();
    }

    /** An online device: the edge stand-in reported it ONLINE and the control plane stored that. */
    @BeforeEach
    void device() throws Exception {
        pk = uniqueKey("rrpc");
        assertThat(api.post("/api/v1/products", "{\"productKey\":\"" + pk + "\",\"name\":\"Pump\"}").status())
                .isEqualTo(201);
        assertThat(api.post("/api/v1/products/" + pk + "/devices", "{\"deviceName\":\"" + dn + "\"}").status())
                .isEqualTo(201);
        edge.online(pk, dn);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> api.get("/api/v1/devices/" + pk + "/" + dn).json().path("online").asBoolean());
    }

    @Test
    void rrpc_whenTheDeviceAnswers_thenAnswers200WithItsPayload() throws Exception {
        long before = System.currentTimeMillis();
        CompletableFuture<Api.Reply> call = callAsync("ping", 5000);

        Downlink request = edge.nextDownlink(pk, dn);
        String messageId = Long.toString(request.messageId());
        assertThat(request.topic()).isEqualTo("/sys/" + pk + "/" + dn + "/rrpc/request/" + messageId);
        assertThat(request.qos()).isZero();
        assertThat(new String(request.payload(), UTF_8)).isEqualTo("ping");
        assertThat(request.deadline()).isBetween(before + 5000, System.currentTimeMillis() + 5000);
        edge.reply(online(messageId));
        edge.reply(response(messageId, pk, dn, "pong"));

        Api.Reply answer = call.get();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        JsonNode body = answer.json();
        assertThat(body.path("messageId").asString()).isEqualTo(messageId);
        assertThat(new String(Base64.getDecoder().decode(body.path("payload").asString()), UTF_8)).isEqualTo("pong");
        assertThat(body.path("rrpcCode").asString()).isEqualTo("SUCCESS");
    }

    @Test
    void rrpc_whenTheDeviceIsOnlineButSilent_thenAnswers504ProblemWithTimeout() throws Exception {
        CompletableFuture<Api.Reply> call = callAsync("ping", 1000);
        String messageId = Long.toString(edge.nextDownlink(pk, dn).messageId());
        edge.reply(online(messageId));

        Api.Reply answer = call.get();
        assertProblem(answer, 504);
        assertThat(answer.json().path("title").asString()).isEqualTo("RRPC timeout");
        assertThat(answer.json().path("rrpcCode").asString()).isEqualTo("TIMEOUT");
        assertThat(answer.json().path("messageId").asString()).isEqualTo(messageId);
    }

    /** The stored presence says online (it may be stale), but no edge reports holding the device: OFFLINE late. */
    @Test
    void rrpc_whenNoEdgeHoldsTheDevice_thenAnswers409ProblemWithOffline() throws Exception {
        CompletableFuture<Api.Reply> call = callAsync("ping", 1000);
        edge.nextDownlink(pk, dn);

        Api.Reply answer = call.get();
        assertProblem(answer, 409);
        assertThat(answer.json().path("title").asString()).isEqualTo("Device offline");
        assertThat(answer.json().path("rrpcCode").asString()).isEqualTo("OFFLINE");
    }

    /** A device whose stored presence is offline is answered at once: nothing is sent, nothing is waited for. */
    @Test
    void rrpc_whenStoredPresenceIsOffline_thenAnswers409OfflineAtOnceWithoutSending() throws Exception {
        assertThat(api.post("/api/v1/products/" + pk + "/devices", "{\"deviceName\":\"never-on\"}").status())
                .isEqualTo(201);
        long start = System.nanoTime();

        Api.Reply answer = api.post(path(pk, "never-on"), "{\"payload\":\"cGluZw==\",\"timeoutMs\":8000}");

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertProblem(answer, 409);
        assertThat(answer.json().path("rrpcCode").asString()).isEqualTo("OFFLINE");
        assertThat(answer.json().has("messageId")).isFalse();
        assertThat(edge.pollDownlink(pk, "never-on", Duration.ofMillis(500))).isNull();
    }

    /**
     * Custom-topic RRPC: the request goes out on {@code /ext/rrpc/{messageId}{topic}} and the device's answer on
     * the same topic (which the edge reports as an RRPC response) completes the call.
     */
    @Test
    void rrpc_onACustomTopic_thenSentOnExtRrpcAndAnswered() throws Exception {
        String topic = "/" + pk + "/" + dn + "/user/get";
        CompletableFuture<Api.Reply> call = callAsync("ping", 5000, topic);

        Downlink request = edge.nextDownlink(pk, dn);
        String messageId = Long.toString(request.messageId());
        assertThat(request.topic()).isEqualTo("/ext/rrpc/" + messageId + topic);
        edge.reply(new Reply(Reply.Kind.DEVICE_ONLINE, messageId, pk, dn, request.topic(), new byte[0],
                System.currentTimeMillis()));
        edge.reply(new Reply(Reply.Kind.RESPONSE, messageId, pk, dn, request.topic(), "pong".getBytes(UTF_8),
                System.currentTimeMillis()));

        Api.Reply answer = call.get();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.json().path("messageId").asString()).isEqualTo(messageId);
        assertThat(new String(Base64.getDecoder().decode(answer.json().path("payload").asString()), UTF_8))
                .isEqualTo("pong");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "/%s/%s/user/update",        // a PUB class: the device may not subscribe to it
            "/%s/%s/user/nope",          // no class
            "/%s/other/user/get",        // another device's topic
            "/%s/%s/user/+",             // a filter, not a topic
            "/sys/%s/%s/thing/service/x",
            "%s/%s/user/get"})
    void rrpc_onATopicTheDeviceMayNotSubscribe_thenAnswers400Problem(String format) {
        String topic = format.formatted(pk, dn);

        assertProblem(api.post(path(pk, dn), "{\"payload\":\"cGluZw==\",\"timeoutMs\":1000,\"topic\":\""
                + topic + "\"}"), 400);
    }

    /** A device cannot answer for another: a response with the right id from the wrong device is ignored. */
    @Test
    void rrpc_whenAnotherDeviceAnswersWithTheSameMessageId_thenIgnoredAndTimesOut() throws Exception {
        CompletableFuture<Api.Reply> call = callAsync("ping", 1500);
        String messageId = Long.toString(edge.nextDownlink(pk, dn).messageId());
        edge.reply(online(messageId));
        edge.reply(response(messageId, pk, "pump-2", "forged"));

        assertProblem(call.get(), 504);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"payload\":\"cGluZw==\",\"timeoutMs\":999}",
            "{\"payload\":\"cGluZw==\",\"timeoutMs\":8001}",
            "{\"payload\":\"cGluZw==\"}",
            "{\"payload\":\"not base64!\",\"timeoutMs\":1000}",
            "{\"timeoutMs\":1000}",
            "{\"payload\":\"cGluZw==\",\"timeoutMs\":\"soon\"}",
            "not json"})
    void rrpc_whenRequestInvalid_thenAnswers400Problem(String body) {
        Api.Reply answer = api.post(path(pk, dn), body);

        assertProblem(answer, 400);
    }

    @Test
    void rrpc_forUnknownDevice_answers404Problem() {
        assertProblem(api.post(path(pk, "nobody"), "{\"payload\":\"cGluZw==\",\"timeoutMs\":1000}"), 404);
    }

    private CompletableFuture<Api.Reply> callAsync(String payload, int timeoutMs) {
        return callAsync(payload, timeoutMs, null);
    }

    private CompletableFuture<Api.Reply> callAsync(String payload, int timeoutMs, String topic) {
        String body = "{\"payload\":\"" + Base64.getEncoder().encodeToString(payload.getBytes(UTF_8))
                + "\",\"timeoutMs\":" + timeoutMs + (topic == null ? "" : ",\"topic\":\"" + topic + "\"") + "}";
        return CompletableFuture.supplyAsync(() -> api.post(path(pk, dn), body));
    }

    private Reply online(String messageId) {
        return new Reply(Reply.Kind.DEVICE_ONLINE, messageId, pk, dn,
                "/sys/" + pk + "/" + dn + "/rrpc/request/" + messageId, new byte[0], System.currentTimeMillis());
    }

    private static Reply response(String messageId, String pk, String dn, String payload) {
        return new Reply(Reply.Kind.RESPONSE, messageId, pk, dn,
                "/sys/" + pk + "/" + dn + "/rrpc/response/" + messageId, payload.getBytes(UTF_8),
                System.currentTimeMillis());
    }

    private static String path(String pk, String dn) {
        return "/api/v1/devices/" + pk + "/" + dn + "/rrpc";
    }
}
