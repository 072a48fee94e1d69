package io.weft.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole control plane on a random port, with the embedded PostgreSQL it starts by default (fresh data
 * directory, any free port), the shared Kafka cluster and the shared QuestDB (also the rules' result store). Every subclass shares one Spring
 * context (same configuration, same property source), so the app starts once per JVM; tests keep apart by using
 * their own product keys.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class OnRealParts {
    /** Started in class initialisation, so before any Spring context. */
    protected static final RealParts PARTS = RealParts.shared();
    private static final Path DATABASE = RealParts.newDirectory("postgres");

    @LocalServerPort
    private int port;
    protected Api api;

    @DynamicPropertySource
    static void realParts(DynamicPropertyRegistry registry) {
        registry.add("weft.kafka-bootstrap-servers", PARTS::kafkaBootstrap);
        registry.add("weft.questdb-http", PARTS::questDbHttp);
        registry.add("weft.rules.store-http", PARTS::questDbHttp);
        registry.add("weft.database.directory", DATABASE::toString);
        registry.add("weft.database.port", () -> "0");
    }

    @BeforeEach
    void connectApi() {
        api = new Api(port);
    }

    /** An RFC 9457 problem document with the given status. */
    protected static void assertProblem(Api.Reply reply, int status) {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.contentType()).as(reply.toString()).startsWith("application/problem+json");
        JsonNode problem = reply.json();
        assertThat(problem.path("status").asInt()).as(reply.toString()).isEqualTo(status);
        assertThat(problem.path("title").asString()).as(reply.toString()).isNotBlank();
    }

    /** A product key no other test uses: letters and digits, 12 characters, lower case. */
    protected static String uniqueKey(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12 - prefix.length());
    }
}
