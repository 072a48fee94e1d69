package io.weft.bench.mqtt;

import io.weft.core.json.Json;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.registry.DeviceEntry;
import io.weft.core.registry.RegistryEntry;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Provisions bench devices the way the control plane does underneath: one enabled {@link DeviceEntry} per device,
 * with a fresh random secret, on the compacted {@code weft.registry} topic that every edge follows. For an edge
 * running without a control plane ({@code EdgeOnly}). Writing is not the same as the edge having read it: see
 * {@link FleetConnector#awaitAccepted}.
 */
public final class RegistryProvisioner {
    private final String bootstrapServers;
    private final WeftTopics topics;
    private final SecureRandom random = new SecureRandom();

    public RegistryProvisioner(String bootstrapServers, WeftTopics topics) {
        this.bootstrapServers = bootstrapServers;
        this.topics = topics;
    }

    /** Writes devices {@code bench-0000} .. of the product and returns them once Kafka has every record. */
    public List<BenchDevice> register(String productKey, int count) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "weft-bench-registry");
        List<BenchDevice> devices = new ArrayList<>(count);
        List<Future<RecordMetadata>> sent = new ArrayList<>(count);
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            long now = System.currentTimeMillis();
            for (int i = 0; i < count; i++) {
                byte[] secret = new byte[16];
                random.nextBytes(secret);
                BenchDevice device = new BenchDevice(productKey, BenchDevice.name(i), HexFormat.of().formatHex(secret));
                sent.add(producer.send(new ProducerRecord<>(topics.registry(),
                        RegistryEntry.deviceKey(productKey, device.deviceName()),
                        Json.write(new DeviceEntry(productKey, device.deviceName(), device.deviceSecret(), true, now)))));
                devices.add(device);
            }
            producer.flush();
            for (Future<RecordMetadata> record : sent) {
                record.get(30, TimeUnit.SECONDS);
            }
        }
        return devices;
    }
}
