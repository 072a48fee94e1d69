package io.weft.flinkjobs.kafka;

import io.weft.core.envelope.EdgeHeartbeat;
import io.weft.core.envelope.Presence;
import io.weft.core.json.Json;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the presence events of {@code weft.events} (keyed {@code pk/dn}); edges' heartbeats share the topic under
 * keys starting {@link EdgeHeartbeat#KEY_PREFIX} and are skipped, as are malformed records and events without a
 * device or state. Read by the alert job (presence for offline alerts) and by rule jobs whose rules read device
 * status.
 */
public final class PresenceRecords implements KafkaRecordDeserializationSchema<Presence> {
    private static final Logger LOG = LoggerFactory.getLogger(PresenceRecords.class);

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Presence> out) {
        if (record.value() == null || record.key() == null
                || new String(record.key(), StandardCharsets.UTF_8).startsWith(EdgeHeartbeat.KEY_PREFIX)) {
            return;
        }
        try {
            Presence p = Json.read(record.value(), Presence.class);
            if (p.state() != null && p.productKey() != null && p.deviceName() != null) {
                out.collect(p);
            }
        } catch (RuntimeException e) {
            LOG.warn("skipping malformed presence event at {}-{}@{}: {}", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }

    @Override
    public TypeInformation<Presence> getProducedType() {
        return TypeInformation.of(Presence.class);
    }
}
