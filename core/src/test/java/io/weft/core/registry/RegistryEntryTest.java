package io.weft.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.core.auth.DeviceIdentity;
import io.weft.core.json.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Verifies that registry entries travel as one polymorphic JSON type, told apart by their {@code kind}
 * property, and that their Kafka keys are stable.
 */
class RegistryEntryTest {
    private static final DeviceEntry DEVICE = new DeviceEntry("pk", "dn", "s3cr3t", true, 1_700_000_000_000L);
    private static final ProductEntry PRODUCT = new ProductEntry("pk", "Smart meter",
            "{\"profile\":{\"productKey\":\"pk\"},\"properties\":[]}", 3L, 1_700_000_000_001L);

    @Test
    void deviceEntry_whenWritten_thenKindDevice() {
        JsonNode tree = Json.tree(Json.writeString(DEVICE));

        assertThat(tree.get("kind").asString()).isEqualTo("device");
        assertThat(tree.get("deviceSecret").asString()).isEqualTo("s3cr3t");
    }

    @Test
    void productEntry_whenWritten_thenKindProduct() {
        assertThat(Json.tree(Json.writeString(PRODUCT)).get("kind").asString()).isEqualTo("product");
    }

    @Test
    void roundTrip_whenReadAsTheInterface_thenTheRightRecordComesBack() {
        assertThat(Json.read(Json.write(DEVICE), RegistryEntry.class)).isInstanceOf(DeviceEntry.class)
                .isEqualTo(DEVICE);
        assertThat(Json.read(Json.write(PRODUCT), RegistryEntry.class)).isInstanceOf(ProductEntry.class)
                .isEqualTo(PRODUCT);
    }

    @Test
    void roundTrip_whenWrittenThroughTheInterfaceType_thenSame() {
        RegistryEntry entry = DEVICE;

        assertThat(Json.read(Json.writeString(entry), RegistryEntry.class)).isEqualTo(DEVICE);
    }

    @Test
    void read_whenKindIsFirstOrLast_thenBothWork() {
        String kindLast = "{\"productKey\":\"pk\",\"deviceName\":\"dn\",\"deviceSecret\":\"x\",\"enabled\":false,"
                + "\"updatedAt\":5,\"kind\":\"device\"}";
        String kindFirst = "{\"kind\":\"device\",\"productKey\":\"pk\",\"deviceName\":\"dn\",\"deviceSecret\":\"x\","
                + "\"enabled\":false,\"updatedAt\":5}";
        DeviceEntry expected = new DeviceEntry("pk", "dn", "x", false, 5L);

        assertThat(Json.read(kindLast, RegistryEntry.class)).isEqualTo(expected);
        assertThat(Json.read(kindFirst, RegistryEntry.class)).isEqualTo(expected);
    }

    @Test
    void read_whenKindMissingOrUnknown_thenFails() {
        assertThatThrownBy(() -> Json.read("{\"productKey\":\"pk\",\"name\":\"n\"}", RegistryEntry.class))
                .isInstanceOf(JacksonException.class);
        assertThatThrownBy(() -> Json.read("{\"kind\":\"gateway\",\"productKey\":\"pk\"}", RegistryEntry.class))
                .isInstanceOf(JacksonException.class);
    }

    @Test
    void keys_areKindThenIdentity() {
        assertThat(DEVICE.key()).isEqualTo("device/pk/dn");
        assertThat(PRODUCT.key()).isEqualTo("product/pk");
        assertThat(RegistryEntry.deviceKey("pk", "dn")).isEqualTo(DEVICE.key());
        assertThat(RegistryEntry.productKey("pk")).isEqualTo(PRODUCT.key());
        assertThat(DEVICE.identity()).isEqualTo(new DeviceIdentity("pk", "dn"));
    }

    @Test
    void deviceOf_whenDeviceKey_thenTheDevice_otherwiseEmpty() {
        assertThat(RegistryEntry.deviceOf(RegistryEntry.deviceKey("pk", "dn-1.lab@b:2")))
                .contains(new DeviceIdentity("pk", "dn-1.lab@b:2"));
        assertThat(RegistryEntry.deviceOf(RegistryEntry.productKey("pk"))).isEmpty();
        assertThat(RegistryEntry.deviceOf("device/pk")).isEmpty();
        assertThat(RegistryEntry.deviceOf("device//dn")).isEmpty();
        assertThat(RegistryEntry.deviceOf("device/pk/")).isEmpty();
        assertThat(RegistryEntry.deviceOf(null)).isEmpty();
    }

    @Test
    void productEntry_whenItHasAProductSecretAndRegistrationSettings_thenTheyRoundTrip() {
        ProductEntry withSecret = new ProductEntry("pk", "Smart meter", "{}", 3L, 4L, "pr0duct-s3cret", true, false);

        assertThat(Json.read(Json.write(withSecret), RegistryEntry.class)).isEqualTo(withSecret);
        assertThat(withSecret.admits(io.weft.core.registration.RegistrationMode.REGISTER)).isTrue();
        assertThat(withSecret.admits(io.weft.core.registration.RegistrationMode.REGNWL)).isFalse();
    }

    /** Entries written before products had a secret still read, with registration off. */
    @Test
    void productEntry_whenWrittenWithoutTheRegistrationFields_thenReadWithRegistrationOff() {
        String old = "{\"kind\":\"product\",\"productKey\":\"pk\",\"name\":\"n\",\"thingModel\":\"{}\","
                + "\"version\":1,\"updatedAt\":2}";

        ProductEntry read = (ProductEntry) Json.read(old, RegistryEntry.class);

        assertThat(read).isEqualTo(new ProductEntry("pk", "n", "{}", 1L, 2L));
        assertThat(read.admits(io.weft.core.registration.RegistrationMode.REGISTER)).isFalse();
    }
}
