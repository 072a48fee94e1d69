package io.weft.core.registry;

import io.weft.core.kafka.JsonSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted registry topic from its beginning and keeps the latest entry per key in memory. Each
 * change is passed to the listener (key, entry or null for a deletion) on the follower's thread. {@link #awaitReady}
 * returns once everything that was in the topic at start has been read, so a node can fail closed until then.
 */
public final class RegistryFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryFollower.class);

    private final KafkaConsumer<String, RegistryEntry> consumer;
    private final String topic;
    private final Map<String, RegistryEntry> entries = new ConcurrentHashMap<>();
    private final BiConsumer<String, RegistryEntry> listener;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;

    public RegistryFollower(String bootstrapServers, String topic, BiConsumer<String, RegistryEntry> listener) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "weft-registry-follower");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                JsonSerde.deserializer(RegistryEntry.class));
        this.topic = topic;
        this.listener = listener;
        this.thread = new Thread(this::run, "weft-registry-follower");
        this.thread.setDaemon(true);
    }

    public RegistryFollower start() {
        thread.start();
        return this;
    }

    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public RegistryEntry get(String key) {
        return entries.get(key);
    }

    public DeviceEntry device(String productKey, String deviceName) {
        return entries.get(RegistryEntry.deviceKey(productKey, deviceName)) instanceof DeviceEntry d ? d : null;
    }

    public ProductEntry product(String productKey) {
        return entries.get(RegistryEntry.productKey(productKey)) instanceof ProductEntry p ? p : null;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (running) {
                for (ConsumerRecord<String, RegistryEntry> record : consumer.poll(Duration.ofMillis(500))) {
                    apply(record);
                }
                if (ready.getCount() > 0 && caughtUp(end)) {
                    LOG.info("registry loaded: {} entries", entries.size());
                    ready.countDown();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("registry follower stopped", e);
        } finally {
            consumer.close();
        }
    }

    private void apply(ConsumerRecord<String, RegistryEntry> record) {
        if (record.value() == null) {
            entries.remove(record.key());
        } else {
            entries.put(record.key(), record.value());
        }
        try {
            listener.accept(record.key(), record.value());
        } catch (RuntimeException e) {
            LOG.warn("registry listener failed on {}", record.key(), e);
        }
    }

    private boolean caughtUp(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
