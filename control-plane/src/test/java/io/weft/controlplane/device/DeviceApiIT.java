package io.weft.controlplane.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.controlplane.Api.Reply;
import io.weft.controlplane.OnRealParts;
import io.weft.controlplane.RegistryTopic;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Device registration over REST on the real app: the answer carries the device secret, the only time it is shown;
 * the credential reaches edges as a {@code DeviceEntry} on {@code weft.registry} before the answer; lookups never
 * show the secret; refusals are problems and publish nothing.
 */
class DeviceApiIT extends OnRealParts {
    private String pk;

    @BeforeEach
    void product() {
        pk = uniqueKey("dev");
        Reply created = api.post("/api/v1/products", "{\"productKey\":\"" + pk + "\",\"name\":\"Sensor\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    @Test
    void register_answers201WithSecret_andPublishesTheCredentialToRegistry() {
        // Alibaba's DeviceName allows - _ @ . : as well: they must survive the path and the registry key.
        String dn = "sensor-01.lab@b:2";

        Reply registered = api.post("/api/v1/products/" + pk + "/devices", "{\"deviceName\":\"" + dn + "\"}");

        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        JsonNode body = registered.json();
        assertThat(body.path("productKey").asString()).isEqualTo(pk);
        assertThat(body.path("deviceName").asString()).isEqualTo(dn);
        assertThat(body.path("enabled").asBoolean()).isTrue();
        String secret = body.path("deviceSecret").asString();
        assertThat(secret).matches("[0-9a-f]{32}");

        List<JsonNode> records = RegistryTopic.values(PARTS.kafkaBootstrap(), "device/" + pk + "/" + dn);
        assertThat(records).hasSize(1);
        JsonNode entry = records.get(0);
        assertThat(entry.path("kind").asString()).isEqualTo("device");
        assertThat(entry.path("productKey").asString()).isEqualTo(pk);
        assertThat(entry.path("deviceName").asString()).isEqualTo(dn);
        assertThat(entry.path("deviceSecret").asString()).as("edges need the secret to check signatures")
                .isEqualTo(secret);
        assertThat(entry.path("enabled").asBoolean()).isTrue();
        assertThat(entry.path("updatedAt").asLong()).isPositive();
    }

    /**
     * Fleet provisioning: many registrations at once, more than the database pool has connections, each answered
     * 201 with its credential in the registry (no request waits on another's publish while holding a connection).
     */
    @Test
    void concurrentRegistrations_allSucceed_andAllReachTheRegistry() throws Exception {
        int devices = 120;
        ExecutorService pool = Executors.newFixedThreadPool(24);
        try {
            List<Future<Reply>> replies = new ArrayList<>();
            for (int i = 0; i < devices; i++) {
                String dn = String.format("fleet-%04d", i);
                replies.add(pool.submit(() -> api.post("/api/v1/products/" + pk + "/devices",
                        "{\"deviceName\":\"" + dn + "\"}")));
            }
            for (Future<Reply> reply : replies) {
                Reply r = reply.get(60, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.toString()).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }
        long inRegistry = RegistryTopic.readAll(PARTS.kafkaBootstrap()).stream()
                .filter(r -> r.key().startsWith("device/" + pk + "/fleet-")).map(r -> r.key()).distinct().count();
        assertThat(inRegistry).isEqualTo(devices);
    }

    @Test
    void get_answersTheDeviceWithoutItsSecret() {
        String dn = "thermo-7";
        Reply registered = api.post("/api/v1/products/" + pk + "/devices", "{\"deviceName\":\"" + dn + "\"}");
        assertThat(registered.status()).isEqualTo(201);
        String secret = registered.json().path("deviceSecret").asString();

        Reply fetched = api.get("/api/v1/devices/" + pk + "/" + dn);

        assertThat(fetched.status()).as(fetched.toString()).isEqualTo(200);
        JsonNode device = fetched.json();
        assertThat(device.path("productKey").asString()).isEqualTo(pk);
        assertThat(device.path("deviceName").asString()).isEqualTo(dn);
        assertThat(device.path("enabled").asBoolean()).isTrue();
        assertThat(device.path("createdAt").asString()).isNotBlank();
        assertThat(device.has("deviceSecret")).as(fetched.body()).isFalse();
        assertThat(fetched.body()).doesNotContain(secret);
    }

    @Test
    void register_withoutBody_generatesADeviceName() {
        Reply registered = api.post("/api/v1/products/" + pk + "/devices");

        assertThat(registered.status()).as(registered.toString()).isEqualTo(201);
        String dn = registered.json().path("deviceName").asString();
        assertThat(dn).matches("[0-9a-f]{16}");
        assertThat(api.get("/api/v1/devices/" + pk + "/" + dn).status()).isEqualTo(200);
        assertThat(RegistryTopic.values(PARTS.kafkaBootstrap(), "device/" + pk + "/" + dn)).hasSize(1);
    }

    @Test
    void register_takenName_answers409Problem_andKeepsTheFirstCredential() {
        Reply first = api.post("/api/v1/products/" + pk + "/devices", "{\"deviceName\":\"twin\"}");
        assertThat(first.status()).isEqualTo(201);

        Reply again = api.post("/api/v1/products/" + pk + "/devices", "{\"deviceName\":\"twin\"}");

        assertProblem(again, 409);
        List<JsonNode> records = RegistryTopic.values(PARTS.kafkaBootstrap(), "device/" + pk + "/twin");
        assertThat(records).hasSize(1);
        assertThat(records.get(0).path("deviceSecret").asString())
                .isEqualTo(first.json().path("deviceSecret").asString());
    }

    @Test
    void register_forUnknownProduct_answers404Problem() {
        Reply refused = api.post("/api/v1/products/nosuchproduct/devices", "{\"deviceName\":\"orphan\"}");

        assertProblem(refused, 404);
        assertThat(refused.json().path("detail").asString()).contains("nosuchproduct");
        assertThat(RegistryTopic.values(PARTS.kafkaBootstrap(), "device/nosuchproduct/orphan")).isEmpty();
    }

    @Test
    void register_withBadDeviceName_answers400Problem() {
        for (String dn : List.of("ab", "has space", "x".repeat(33), "semi;colon", "")) {
            Reply refused = api.post("/api/v1/products/" + pk + "/devices", "{\"deviceName\":\"" + dn + "\"}");

            assertProblem(refused, 400);
            assertThat(RegistryTopic.values(PARTS.kafkaBootstrap(), "device/" + pk + "/" + dn)).isEmpty();
        }
    }

    @Test
    void get_unknownDevice_answers404Problem() {
        assertProblem(api.get("/api/v1/devices/" + pk + "/nobody"), 404);
        assertProblem(api.get("/api/v1/devices/nosuchproduct/nobody"), 404);
    }

    /** Disabling reaches edges as the same credential with {@code enabled=false}; enabling again reverses it. */
    @Test
    void patchEnabledFalse_publishesTheDisabledEntry_andGetShowsIt() {
        String dn = "switch-1";
        String secret = api.post("/api/v1/products/" + pk + "/devices", "{\"deviceName\":\"" + dn + "\"}")
                .json().path("deviceSecret").asString();

        Reply disabled = api.patch("/api/v1/devices/" + pk + "/" + dn, "{\"enabled\":false}");

        assertThat(disabled.status()).as(disabled.toString()).isEqualTo(200);
        assertThat(disabled.json().path("enabled").asBoolean()).isFalse();
        assertThat(api.get("/api/v1/devices/" + pk + "/" + dn).json().path("enabled").asBoolean()).isFalse();
        List<JsonNode> records = RegistryTopic.values(PARTS.kafkaBootstrap(), "device/" + pk + "/" + dn);
        assertThat(records).hasSize(2);
        assertThat(records.get(1).path("kind").asString()).isEqualTo("device");
        assertThat(records.get(1).path("enabled").asBoolean()).isFalse();
        assertThat(records.get(1).path("deviceSecret").asString()).isEqualTo(secret);

        Reply enabled = api.patch("/api/v1/devices/" + pk + "/" + dn, "{\"enabled\":true}");

        assertThat(enabled.json().path("enabled").asBoolean()).isTrue();
        assertThat(RegistryTopic.values(PARTS.kafkaBootstrap(), "device/" + pk + "/" + dn).get(2)
                .path("enabled").asBoolean()).isTrue();
    }

    @Test
    void delete_answers204_publishesATombstone_andTheDeviceIsGone() {
        String dn = "doomed-1";
        assertThat(api.post("/api/v1/products/" + pk + "/devices", "{\"deviceName\":\"" + dn + "\"}").status())
                .isEqualTo(201);

        Reply deleted = api.delete("/api/v1/devices/" + pk + "/" + dn);

        assertThat(deleted.status()).as(deleted.toString()).isEqualTo(204);
        assertProblem(api.get("/api/v1/devices/" + pk + "/" + dn), 404);
        List<JsonNode> records = RegistryTopic.values(PARTS.kafkaBootstrap(), "device/" + pk + "/" + dn);
        assertThat(records).hasSize(2);
        assertThat(records.get(1)).as("a tombstone").isNull();
        assertThat(api.post("/api/v1/products/" + pk + "/devices", "{\"deviceName\":\"" + dn + "\"}").status())
                .as("the name is free again").isEqualTo(201);
    }

    @Test
    void patchOrDelete_unknownDevice_answers404Problem_andPublishesNothing() {
        assertProblem(api.patch("/api/v1/devices/" + pk + "/nobody", "{\"enabled\":false}"), 404);
        assertProblem(api.delete("/api/v1/devices/" + pk + "/nobody"), 404);
        assertThat(RegistryTopic.values(PARTS.kafkaBootstrap(), "device/" + pk + "/nobody")).isEmpty();
    }

    @Test
    void patch_withoutEnabled_answers400Problem() {
        String dn = "switch-2";
        assertThat(api.post("/api/v1/products/" + pk + "/devices", "{\"deviceName\":\"" + dn + "\"}").status())
                .isEqualTo(201);

        assertProblem(api.patch("/api/v1/devices/" + pk + "/" + dn, "{}"), 400);
        assertProblem(api.patch("/api/v1/devices/" + pk + "/" + dn, "{\"enabled\":null}"), 400);
        assertThat(RegistryTopic.values(PARTS.kafkaBootstrap(), "device/" + pk + "/" + dn)).hasSize(1);
    }
}
