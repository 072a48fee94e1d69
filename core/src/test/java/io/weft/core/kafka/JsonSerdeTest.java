package io.weft.core.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weft.core.envelope.Reply;
import io.weft.core.envelope.Uplink;
import io.weft.core.registry.DeviceEntry;
import io.weft.core.registry.ProductEntry;
import io.weft.core.registry.RegistryEntry;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

/** Verifies Kafka serdes write Weft's JSON form, keep tombstones null, and refuse foreign bytes clearly. */
class JsonSerdeTest {
    private static final String TOPIC = "weft.up";

    @Test
    void serializeThenDeserialize_thenSameRecordAndPayloadBytes() {
        Uplink uplink = new Uplink(1L, "pk", "dn", "/pk/dn/update", new byte[] {0, -1, 127, -128}, 1, "mqtt", "e1",
                2L);
        Serializer<Uplink> serializer = JsonSerde.serializer();
        Deserializer<Uplink> deserializer = JsonSerde.deserializer(Uplink.class);

        Uplink read = deserializer.deserialize(TOPIC, serializer.serialize(TOPIC, uplink));

        assertThat(read).usingRecursiveComparison().isEqualTo(uplink);
    }

    @Test
    void reply_roundTripsWithItsKindAndPayloadBytes() {
        Reply reply = new Reply(Reply.Kind.RESPONSE, "1234", "pk", "dn", "/sys/pk/dn/rrpc/response/1234",
                new byte[] {0, -1, 42}, 3L);
        Serializer<Reply> serializer = JsonSerde.serializer();

        Reply read = JsonSerde.deserializer(Reply.class).deserialize("weft.replies",
                serializer.serialize("weft.replies", reply));

        assertThat(read).usingRecursiveComparison().isEqualTo(reply);
        assertThat(new String(serializer.serialize("weft.replies", reply), StandardCharsets.UTF_8))
                .contains("\"kind\":\"RESPONSE\"").contains("\"messageId\":\"1234\"");
    }

    @Test
    void registryEntries_whenDeserializedAsTheInterface_thenPolymorphic() {
        Serializer<RegistryEntry> serializer = JsonSerde.serializer();
        Deserializer<RegistryEntry> deserializer = JsonSerde.deserializer(RegistryEntry.class);
        RegistryEntry device = new DeviceEntry("pk", "dn", "secret", true, 1L);
        RegistryEntry product = new ProductEntry("pk", "name", "{}", 1L, 2L);

        assertThat(deserializer.deserialize("weft.registry", serializer.serialize("weft.registry", device)))
                .isEqualTo(device);
        assertThat(deserializer.deserialize("weft.registry", serializer.serialize("weft.registry", product)))
                .isEqualTo(product);
    }

    @Test
    void nulls_areTombstonesBothWays() {
        assertThat(JsonSerde.<RegistryEntry>serializer().serialize("weft.registry", null)).isNull();
        assertThat(JsonSerde.deserializer(RegistryEntry.class).deserialize("weft.registry", null)).isNull();
    }

    @Test
    void deserialize_whenNotJson_thenSerializationExceptionNamingTypeAndTopic() {
        byte[] garbage = "definitely not json".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> JsonSerde.deserializer(Uplink.class).deserialize(TOPIC, garbage))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("Uplink")
                .hasMessageContaining(TOPIC);
    }

    @Test
    void deserialize_whenJsonOfAnotherShape_thenSerializationException() {
        byte[] noKind = "{\"productKey\":\"pk\"}".getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> JsonSerde.deserializer(RegistryEntry.class).deserialize("weft.registry", noKind))
                .isInstanceOf(SerializationException.class);
    }
}
