package io.weft.ingest.mqtt.retained;

import io.weft.core.kafka.DurableTopicWriter;
import io.weft.core.kafka.JsonSerde;
import io.weft.core.kafka.TopicFollower;
import io.weft.ingest.acl.TopicFilters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Every edge's retained messages, one per topic, kept in the compacted {@code weft.retained} topic and read back from
 * its beginning by each edge, so they survive restarts and reach subscribers on every edge. Kafka's order per topic
 * name decides which of two concurrent writes wins; the writing edge also applies its write at once, so its own
 * subscribers see it without waiting for the echo. At most {@code maxMessages} topics are retained: a new topic
 * beyond that is refused (an existing one may still be replaced or cleared).
 */
public final class RetainedStore implements AutoCloseable {
    private final ConcurrentMap<String, RetainedMessage> retained = new ConcurrentHashMap<>();
    private final TopicFollower<RetainedMessage> follower;
    private final DurableTopicWriter writer;
    private final int maxMessages;

    public RetainedStore(String bootstrapServers, String topic, String clientId, int maxMessages) {
        this.follower = new TopicFollower<>(bootstrapServers, topic, clientId + "-retained-in",
                JsonSerde.deserializer(RetainedMessage.class), TopicFollower.Start.BEGINNING, this::apply);
        this.writer = new DurableTopicWriter(bootstrapServers, topic, clientId + "-retained-out", Map.of());
        this.maxMessages = maxMessages;
    }

    public RetainedStore start() {
        follower.start();
        return this;
    }

    /** True once every retained message the topic held at start has been read. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return follower.awaitReady(timeout);
    }

    /**
     * Retains the message for its topic, or clears the topic's retained message if the payload is empty; the future
     * completes when Kafka has the change, and fails with {@link RetainedLimitException} if the store is full.
     */
    public CompletableFuture<?> retain(RetainedMessage message) {
        if (message.payload().length == 0) {
            retained.remove(message.topic());
            return writer.sendTombstone(message.topic());
        }
        if (!retained.containsKey(message.topic()) && retained.size() >= maxMessages) {
            return CompletableFuture.failedFuture(new RetainedLimitException(maxMessages));
        }
        retained.put(message.topic(), message);
        return writer.send(message.topic(), message);
    }

    /** The unexpired retained messages whose topic the filter matches, by topic name. */
    public List<RetainedMessage> matching(String filter, long now) {
        List<RetainedMessage> found = new ArrayList<>();
        if (filter.indexOf('+') < 0 && filter.indexOf('#') < 0) {
            RetainedMessage exact = retained.get(filter);
            if (exact != null && !exact.expiredAt(now)) {
                found.add(exact);
            }
            return found;
        }
        retained.values().forEach(m -> {
            if (!m.expiredAt(now) && TopicFilters.matches(filter, m.topic())) {
                found.add(m);
            }
        });
        found.sort(Comparator.comparing(RetainedMessage::topic));
        return found;
    }

    public int size() {
        return retained.size();
    }

    private void apply(ConsumerRecord<String, RetainedMessage> record) {
        if (record.value() == null) {
            retained.remove(record.key());
        } else {
            retained.put(record.key(), record.value());
        }
    }

    @Override
    public void close() throws InterruptedException {
        follower.close();
        writer.close(Duration.ofSeconds(5));
    }

    /** The store already retains its maximum number of topics. */
    public static final class RetainedLimitException extends RuntimeException {
        RetainedLimitException(int max) {
            super("at most " + max + " topics may hold a retained message");
        }
    }
}
