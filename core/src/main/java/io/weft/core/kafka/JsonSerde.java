package io.weft.core.kafka;

import io.weft.core.json.Json;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import tools.jackson.core.JacksonException;

/** Kafka serializer and deserializer for Weft's records in their one JSON form ({@link Json}). */
public final class JsonSerde {
    private JsonSerde() {
    }

    public static <T> Serializer<T> serializer() {
        return (topic, value) -> value == null ? null : Json.write(value);
    }

    public static <T> Deserializer<T> deserializer(Class<T> type) {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return Json.read(bytes, type);
            } catch (JacksonException e) {
                throw new SerializationException("not a " + type.getSimpleName() + " on " + topic, e);
            }
        };
    }
}
