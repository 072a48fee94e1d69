package io.weft.core.registry;

import io.weft.core.kafka.JsonSerde;
import io.weft.core.kafka.TopicFollower;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the compacted registry topic from its beginning and keeps the latest entry per key in memory. Each
 * change is passed to the listener (key, entry or null for a deletion) on the follower's thread. {@link #awaitReady}
 * returns once everything that was in the topic at start has been read, so a node can fail closed until then.
 */
public final class RegistryFollower implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryFollower.class);

    private final Map<String, RegistryEntry> entries = new ConcurrentHashMap<>();
    private final BiConsumer<String, RegistryEntry> listener;
    private final TopicFollower<RegistryEntry> follower;

    public RegistryFollower(String bootstrapServers, String topic, BiConsumer<String, RegistryEntry> listener) {
        this.listener = listener;
        this.follower = new TopicFollower<>(bootstrapServers, topic, "weft-registry-follower",
                JsonSerde.deserializer(RegistryEntry.class), TopicFollower.Start.BEGINNING, this::apply);
    }

    public RegistryFollower start() {
        follower.start();
        return this;
    }

    public boolean awaitReady(Duration timeout) throws InterruptedException {
        boolean ready = follower.awaitReady(timeout);
        if (ready) {
            LOG.info("registry loaded: {} entries", entries.size());
        }
        return ready;
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

    /** The product's custom topic classes, or null if the registry has none for it (then the defaults apply). */
    public TopicClassesEntry topicClasses(String productKey) {
        return entries.get(RegistryEntry.topicClassesKey(productKey)) instanceof TopicClassesEntry t ? t : null;
    }

    private void apply(ConsumerRecord<String, RegistryEntry> record) {
        if (record.value() == null) {
            entries.remove(record.key());
        } else {
            entries.put(record.key(), record.value());
        }
        listener.accept(record.key(), record.value());
    }

    @Override
    public void close() throws InterruptedException {
        follower.close();
    }
}
