package io.weft.core.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of one topic on a thread of its own, without a consumer group (each follower sees every
 * record), from the beginning or from the end, and hands each record to a handler on that thread. A record that
 * cannot be deserialized is logged and skipped. {@link #awaitReady} returns once the follower has its positions and,
 * when it started from the beginning, has read everything the topic held at start.
 */
public final class TopicFollower<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TopicFollower.class);

    /** Where a follower starts. */
    public enum Start { BEGINNING, END }

    private final KafkaConsumer<String, T> consumer;
    private final String topic;
    private final Start start;
    private final Consumer<ConsumerRecord<String, T>> handler;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Map<Integer, Long> startOffsets = Map.of();

    public TopicFollower(String bootstrapServers, String topic, String clientId, Deserializer<T> values, Start start,
                         Consumer<ConsumerRecord<String, T>> handler) {
        this(bootstrapServers, topic, clientId, values, start, false, handler);
    }

    /**
     * A follower of a topic written in transactions (exactly-once Flink sinks): with {@code readCommitted} it sees
     * only committed records, and only once their transaction commits.
     */
    public TopicFollower(String bootstrapServers, String topic, String clientId, Deserializer<T> values, Start start,
                         boolean readCommitted, Consumer<ConsumerRecord<String, T>> handler) {
        Properties props = new Properties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted");
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), values);
        this.topic = topic;
        this.start = start;
        this.handler = handler;
        this.thread = new Thread(this::run, clientId);
        this.thread.setDaemon(true);
    }

    public TopicFollower<T> start() {
        thread.start();
        return this;
    }

    public boolean awaitReady(Duration timeout) throws InterruptedException {
        return ready.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean ready() {
        return ready.getCount() == 0;
    }

    /** Per partition, the offset the follower started reading at; empty until it has its positions. */
    public Map<Integer, Long> startOffsets() {
        return startOffsets;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            if (start == Start.BEGINNING) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            Map<Integer, Long> positions = new HashMap<>();
            partitions.forEach(tp -> positions.put(tp.partition(), consumer.position(tp)));
            startOffsets = Map.copyOf(positions);
            while (running) {
                if (ready.getCount() > 0 && caughtUp(end)) {
                    ready.countDown();
                }
                try {
                    for (ConsumerRecord<String, T> record : consumer.poll(Duration.ofMillis(500))) {
                        handle(record);
                    }
                } catch (RecordDeserializationException e) {
                    LOG.warn("skipping a malformed record on {}: {}", e.topicPartition(), e.getMessage());
                    consumer.seek(e.topicPartition(), e.offset() + 1);
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("{} follower woken up unexpectedly", topic, e);
            }
        } catch (RuntimeException e) {
            LOG.error("{} follower stopped", topic, e);
        } finally {
            consumer.close();
        }
    }

    private void handle(ConsumerRecord<String, T> record) {
        try {
            handler.accept(record);
        } catch (RuntimeException e) {
            LOG.warn("handler failed on {} record {}", topic, record.key(), e);
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
