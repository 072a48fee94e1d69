package io.weft.controlplane.registration;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.controlplane.Api.Reply;
import io.weft.controlplane.OnRealParts;
import io.weft.controlplane.RegistryTopic;
import io.weft.core.registration.RegistrationAnswer;
import io.weft.core.registration.RegistrationAnswer.Outcome;
import io.weft.core.registration.RegistrationMode;
import io.weft.core.registration.RegistrationRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Dynamic registration decided by the control plane on real Kafka and PostgreSQL: products get a product secret
 * at creation and registration is off until enabled; a device's secret is handed out exactly once however many
 * edges ask at the same time (the database transaction decides), the same request answered twice gets the same
 * answer, and a registration-free device is in {@code weft.registry} before its token is answered.
 */
class DynamicRegistrationIT extends OnRealParts {
    @Autowired
    private RegistrationService service;
    @Autowired
    private RegistrationFollower follower;
    private EdgesStandIn edges;
    private String pk;

    @BeforeEach
    void product() throws InterruptedException {
        assertThat(follower.awaitReady(Duration.ofSeconds(30))).isTrue();
        edges = new EdgesStandIn(PARTS.kafkaBootstrap());
        pk = uniqueKey("reg");
        Reply created = api.post("/api/v1/products", "{\"productKey\":\"" + pk + "\",\"name\":\"Meter\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    @AfterEach
    void stopEdges() throws InterruptedException {
        edges.close();
    }

    @Test
    void product_hasASecretAndRegistrationOffByDefault_andTheSettingReachesTheRegistry() {
        JsonNode product = api.get("/api/v1/products/" + pk).json();
        assertThat(product.path("productSecret").asString()).matches("[0-9a-f]{32}");
        assertThat(product.path("dynamicRegistration").asBoolean()).isFalse();
        assertThat(product.path("registrationFree").asBoolean()).isFalse();

        Reply enabled = enable(true, false);

        assertThat(enabled.status()).as(enabled.toString()).isEqualTo(200);
        assertThat(enabled.json().path("dynamicRegistration").asBoolean()).isTrue();
        List<JsonNode> entries = RegistryTopic.values(PARTS.kafkaBootstrap(), "product/" + pk);
        JsonNode latest = entries.get(entries.size() - 1);
        assertThat(latest.path("productSecret").asString()).isEqualTo(product.path("productSecret").asString());
        assertThat(latest.path("dynamicRegistration").asBoolean()).isTrue();
        assertThat(latest.path("registrationFree").asBoolean()).isFalse();
    }

    @Test
    void setting_whenBodyIncompleteOrProductUnknown_thenProblems() {
        assertProblem(api.put("/api/v1/products/" + pk + "/dynamic-registration", "{\"dynamicRegistration\":true}"),
                400);
        assertProblem(api.put("/api/v1/products/nosuchproduct/dynamic-registration",
                "{\"dynamicRegistration\":true,\"registrationFree\":true}"), 404);
    }

    /** Two edges ask for the same device at the same moment: one gets the secret, the other a refusal. */
    @Test
    void register_whenTwoEdgesAskAtOnce_thenExactlyOneGetsTheSecret() throws Exception {
        String secret = device("meter-1");
        enable(true, false);
        RegistrationRequest fromA = request(RegistrationMode.REGISTER, "meter-1", "edge-a");
        RegistrationRequest fromB = request(RegistrationMode.REGISTER, "meter-1", "edge-b");

        edges.send(fromA);
        edges.send(fromB);
        List<RegistrationAnswer> answers = List.of(edges.answerTo(fromA), edges.answerTo(fromB));

        assertThat(answers).filteredOn(RegistrationAnswer::accepted).singleElement()
                .satisfies(a -> assertThat(a.deviceSecret()).isEqualTo(secret));
        assertThat(answers).filteredOn(a -> !a.accepted()).singleElement()
                .satisfies(a -> {
                    assertThat(a.outcome()).isEqualTo(Outcome.ALREADY_REGISTERED);
                    assertThat(a.deviceSecret()).isNull();
                });

        RegistrationRequest winner = answers.get(0).accepted() ? fromA : fromB;
        assertThat(service.decide(winner)).as("the same request again: the same answer")
                .isEqualTo(answers.get(0).accepted() ? answers.get(0) : answers.get(1));
        assertThat(service.decide(request(RegistrationMode.REGISTER, "meter-1", "edge-c")).outcome())
                .isEqualTo(Outcome.ALREADY_REGISTERED);
    }

    /** The race without Kafka in between: eight transactions on eight threads, released together. */
    @Test
    void register_whenEightTransactionsRace_thenExactlyOneAccepted() throws Exception {
        String secret = device("meter-race");
        enable(true, false);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<RegistrationAnswer>> decided = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                RegistrationRequest request = request(RegistrationMode.REGISTER, "meter-race", "edge-" + i);
                decided.add(pool.submit(() -> {
                    start.await();
                    return service.decide(request);
                }));
            }
            start.countDown();
            List<RegistrationAnswer> answers = new ArrayList<>();
            for (Future<RegistrationAnswer> f : decided) {
                answers.add(f.get(30, TimeUnit.SECONDS));
            }

            assertThat(answers).filteredOn(RegistrationAnswer::accepted).singleElement()
                    .satisfies(a -> assertThat(a.deviceSecret()).isEqualTo(secret));
            assertThat(answers).filteredOn(a -> !a.accepted()).hasSize(7)
                    .allSatisfy(a -> assertThat(a.outcome()).isEqualTo(Outcome.ALREADY_REGISTERED));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void register_whenNotEnabledOrDeviceUnknown_thenRefused() throws Exception {
        device("meter-2");
        RegistrationRequest notEnabled = request(RegistrationMode.REGISTER, "meter-2", "edge-a");
        edges.send(notEnabled);
        assertThat(edges.answerTo(notEnabled).outcome()).isEqualTo(Outcome.NOT_ENABLED);

        enable(true, false);
        RegistrationRequest unknown = request(RegistrationMode.REGISTER, "meter-none", "edge-a");
        edges.send(unknown);
        assertThat(edges.answerTo(unknown).outcome()).isEqualTo(Outcome.UNKNOWN_DEVICE);
        RegistrationRequest regnwl = request(RegistrationMode.REGNWL, "meter-new", "edge-a");
        assertThat(service.decide(regnwl).outcome()).as("registration-free is its own setting")
                .isEqualTo(Outcome.NOT_ENABLED);
    }

    @Test
    void regnwl_createsTheDeviceInTheRegistryBeforeAnsweringItsToken_once() throws Exception {
        enable(false, true);
        RegistrationRequest request = request(RegistrationMode.REGNWL, "meter-free", "edge-a");

        edges.send(request);
        RegistrationAnswer answer = edges.answerTo(request);

        assertThat(answer.accepted()).as(answer.toString()).isTrue();
        assertThat(answer.clientId()).isEqualTo(pk + ".meter-free");
        assertThat(answer.deviceToken()).matches("[0-9a-f]{32}");
        List<JsonNode> entries = RegistryTopic.values(PARTS.kafkaBootstrap(), "device/" + pk + "/meter-free");
        assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.path("deviceSecret").asString()).isEqualTo(answer.deviceToken());
            assertThat(e.path("enabled").asBoolean()).isTrue();
        });
        assertThat(api.get("/api/v1/devices/" + pk + "/meter-free").status()).isEqualTo(200);

        RegistrationRequest again = request(RegistrationMode.REGNWL, "meter-free", "edge-b");
        edges.send(again);
        assertThat(edges.answerTo(again).outcome()).isEqualTo(Outcome.ALREADY_REGISTERED);
        assertThat(service.decide(request)).as("the same request again: the same token").isEqualTo(answer);
        assertThat(service.decide(request(RegistrationMode.REGNWL, "no", "edge-a")).outcome())
                .isEqualTo(Outcome.INVALID_DEVICE_NAME);
    }

    private String device(String deviceName) {
        Reply registered = api.post("/api/v1/products/" + pk + "/devices", "{\"deviceName\":\"" + deviceName + "\"}");
        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        return registered.json().path("deviceSecret").asString();
    }

    private Reply enable(boolean dynamicRegistration, boolean registrationFree) {
        return api.put("/api/v1/products/" + pk + "/dynamic-registration", "{\"dynamicRegistration\":"
                + dynamicRegistration + ",\"registrationFree\":" + registrationFree + "}");
    }

    private RegistrationRequest request(RegistrationMode mode, String deviceName, String edge) {
        return new RegistrationRequest(ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE), mode, pk, deviceName,
                edge, System.currentTimeMillis());
    }
}
