package io.weft.controlplane.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.controlplane.Api;
import io.weft.controlplane.RealParts;
import io.weft.controlplane.RegistryTopic;
import io.weft.core.kafka.WeftTopics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import kafka.server.BrokerServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Kafka down: the control plane on a Kafka cluster of its own, whose broker the tests stop and start again (the
 * test kit keeps its port). A change made while Kafka is down is committed (the outbox holds it) and reaches the
 * registry, in order, once Kafka is back; nothing committed is lost and nothing rolled back is published. The app
 * gets its own context (and PostgreSQL), closed after the class; QuestDB is the shared one.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryOutageIT {
    private static final RealParts SHARED = RealParts.shared();
    private static final KafkaClusterTestKit KAFKA = RealParts.startKafka();
    private static final Path DATABASE = RealParts.newDirectory("postgres-unavailable");

    @LocalServerPort
    private int port;
    private Api api;

    @DynamicPropertySource
    static void parts(DynamicPropertyRegistry registry) {
        registry.add("weft.kafka-bootstrap-servers", KAFKA::bootstrapServers);
        registry.add("weft.questdb-http", SHARED::questDbHttp);
        registry.add("weft.database.directory", DATABASE::toString);
        registry.add("weft.database.port", () -> "0");
    }

    @AfterAll
    static void stopKafka() throws Exception {
        KAFKA.close();
    }

    @BeforeEach
    void connectApi() {
        api = new Api(port);
    }

    /** First, before the app has published anything: it does not even know the registry topic's leader yet. */
    @Test
    @Order(1)
    void create_whenKafkaIsDown_isCommitted_andReachesTheRegistryOnceKafkaIsBack() {
        stopBroker();
        Api.Reply accepted;
        try {
            accepted = api.post("/api/v1/products", "{\"productKey\":\"offline01\",\"name\":\"Offline\"}");
            assertThat(accepted.status()).as(accepted.toString()).isEqualTo(201);
            assertThat(api.get("/api/v1/products/offline01").status()).isEqualTo(200);
        } finally {
            startBroker();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                assertThat(RegistryTopic.values(KAFKA.bootstrapServers(), "product/offline01")).isNotEmpty());
    }

    /**
     * A broker outage while the app is already publishing, then recovery: every change reaches the registry, in
     * the order it was made, and a change that was refused (400) never does.
     */
    @Test
    @Order(2)
    void changesDuringAnOutage_reachTheRegistryInOrder_andRefusedOnesNever() {
        Api.Reply before = api.post("/api/v1/products", "{\"productKey\":\"before01\",\"name\":\"Before\"}");
        assertThat(before.status()).as(before.toString()).isEqualTo(201);

        stopBroker();
        try {
            Api.Reply during = api.post("/api/v1/products", "{\"productKey\":\"outage01\",\"name\":\"During\"}");
            assertThat(during.status()).as(during.toString()).isEqualTo(201);
            Api.Reply refused = api.post("/api/v1/products", "{\"productKey\":\"refused01\",\"name\":\"\"}");
            assertThat(refused.status()).isEqualTo(400);
        } finally {
            startBroker();
        }
        Api.Reply after = api.post("/api/v1/products", "{\"productKey\":\"after01\",\"name\":\"After\"}");
        assertThat(after.status()).as(after.toString()).isEqualTo(201);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<String> keys = RegistryTopic.readAll(KAFKA.bootstrapServers()).stream()
                    .map(r -> r.key()).distinct().toList();
            assertThat(keys).containsSubsequence("product/before01", "product/outage01", "product/after01");
            assertThat(keys).doesNotContain("product/refused01");
        });
    }

    private static BrokerServer broker() {
        return KAFKA.brokers().values().iterator().next();
    }

    private static void stopBroker() {
        broker().shutdown();
        broker().awaitShutdown();
    }

    /** Starts the broker again on its old port and waits until it leads the registry partition again. */
    private static void startBroker() {
        broker().startup();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers()))) {
            String registry = WeftTopics.DEFAULT.registry();
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> admin.describeTopics(List.of(registry))
                    .allTopicNames().get().get(registry).partitions().get(0).leader() != null);
        }
    }
}
