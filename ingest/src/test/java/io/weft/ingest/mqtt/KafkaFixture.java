package io.weft.ingest.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.Uplink;
import io.weft.core.json.Json;
import io.weft.core.kafka.TopicSetup;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.registry.DeviceEntry;
import io.weft.core.registry.RegistryEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real one-node Kafka broker (the Kafka test kit) with Weft's topics, as the edge's integration tests need it:
 * devices registered on {@code weft.registry}, downlinks produced on {@code weft.down}, and the oracle that an
 * acknowledged QoS 1 uplink is in {@code weft.up}.
 */
final class KafkaFixture implements AutoCloseable {
    static final WeftTopics TOPICS = WeftTopics.DEFAULT;

    private final KafkaClusterTestKit kafka;
    private final KafkaProducer<String, byte[]> producer;

    private KafkaFixture(KafkaClusterTestKit kafka, KafkaProducer<String, byte[]> producer) {
        this.kafka = kafka;
        this.producer = producer;
    }

    /** Starts the broker under {@code target/kafka-it} and creates Weft's topics (2 partitions). */
    static KafkaFixture start() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "kafka-it"));
        KafkaClusterTestKit kafka = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                .setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1)
                .setBaseDirectory(Files.createTempDirectory(dir, "cluster")).build())
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .build();
        try {
            kafka.format();
            kafka.startup();
            kafka.waitForReadyBrokers();
            TopicSetup.ensure(kafka.bootstrapServers(), TOPICS, 2, (short) 1);
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            return new KafkaFixture(kafka, new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()));
        } catch (Exception | Error e) {
            kafka.close();
            throw e;
        }
    }

    String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Registers an enabled device with its secret on {@code weft.registry}. */
    void register(String productKey, String deviceName, String secret) throws Exception {
        producer.send(new ProducerRecord<>(TOPICS.registry(), RegistryEntry.deviceKey(productKey, deviceName),
                Json.write(new DeviceEntry(productKey, deviceName, secret, true, System.currentTimeMillis()))))
                .get(10, TimeUnit.SECONDS);
    }

    /** Produces any record, in its JSON form, on the topic under the key. */
    void produce(String topic, String key, Object value) throws Exception {
        producer.send(new ProducerRecord<>(topic, key, Json.write(value))).get(10, TimeUnit.SECONDS);
    }

    /** A tombstone on {@code weft.registry}: the entry under this key is deleted. */
    void deleteFromRegistry(String key) throws Exception {
        producer.send(new ProducerRecord<>(TOPICS.registry(), key, null)).get(10, TimeUnit.SECONDS);
    }

    /** Publishes any registry entry on {@code weft.registry} under its key. */
    void publish(RegistryEntry entry) throws Exception {
        producer.send(new ProducerRecord<>(TOPICS.registry(), entry.key(), Json.write(entry)))
                .get(10, TimeUnit.SECONDS);
    }

    /** Produces a QoS 1 downlink for the device on {@code weft.down}, keyed {@code pk/dn}; returns where it is. */
    RecordMetadata sendDownlink(String productKey, String deviceName, String topic, String payload) throws Exception {
        return sendDownlink(productKey, deviceName, topic, payload, 1);
    }

    /** Produces a downlink of this QoS for the device on {@code weft.down}, keyed {@code pk/dn}; returns where it is. */
    RecordMetadata sendDownlink(String productKey, String deviceName, String topic, String payload, int qos)
            throws Exception {
        return producer.send(new ProducerRecord<>(TOPICS.down(), productKey + "/" + deviceName,
                Json.write(new Downlink(System.nanoTime(), productKey, deviceName, topic, payload.getBytes(UTF_8),
                        qos, 0L))))
                .get(10, TimeUnit.SECONDS);
    }

    /**
     * Waits until {@code weft.up} holds the payload as an uplink of the device at this QoS, then reads the topic to
     * its end and checks it is there exactly once (call it after the client saw the publish acknowledged, so every
     * copy the edge could have written is already in Kafka).
     */
    void awaitUplinkOnce(String productKey, String deviceName, String payload, int qos) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(TOPICS.up())
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<Uplink> copies = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Uplink u = Json.read(r.value(), Uplink.class);
                    if (u.productKey().equals(productKey) && u.deviceName().equals(deviceName)
                            && new String(u.payload(), UTF_8).equals(payload)) {
                        copies.add(u);
                    }
                }
                return !copies.isEmpty();
            });
            var end = consumer.endOffsets(partitions);
            await().atMost(Duration.ofSeconds(20)).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    Uplink u = Json.read(r.value(), Uplink.class);
                    if (u.productKey().equals(productKey) && u.deviceName().equals(deviceName)
                            && new String(u.payload(), UTF_8).equals(payload)) {
                        copies.add(u);
                    }
                }
                return partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p));
            });
            assertThat(copies).as("copies of %s in weft.up", payload).hasSize(1);
            assertThat(copies.get(0).qos()).isEqualTo(qos);
        }
    }

    /** Waits until {@code weft.up} holds the payload as a QoS 1 uplink of the device, keyed {@code pk/dn}. */
    void awaitQos1Uplink(String productKey, String deviceName, String payload) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(TOPICS.up())
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            await().atMost(Duration.ofSeconds(20)).pollInSameThread().until(() -> {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Uplink u = Json.read(r.value(), Uplink.class);
                    if (u.productKey().equals(productKey) && u.deviceName().equals(deviceName)
                            && new String(u.payload(), UTF_8).equals(payload)) {
                        assertThat(r.key()).isEqualTo(productKey + "/" + deviceName);
                        assertThat(u.qos()).isEqualTo(1);
                        return true;
                    }
                }
                return false;
            });
        }
    }

    /** The payloads of every uplink of the device now in {@code weft.up}, in no particular order. */
    List<String> uplinkPayloads(String productKey, String deviceName) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<String> payloads = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(TOPICS.up())
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    Uplink u = Json.read(r.value(), Uplink.class);
                    if (u.productKey().equals(productKey) && u.deviceName().equals(deviceName)) {
                        payloads.add(new String(u.payload(), UTF_8));
                    }
                }
            }
        }
        return payloads;
    }

    @Override
    public void close() throws Exception {
        try {
            producer.close();
        } finally {
            kafka.close();
        }
    }
}
