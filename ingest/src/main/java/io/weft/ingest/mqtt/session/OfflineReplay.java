package io.weft.ingest.mqtt.session;

import io.weft.core.envelope.Downlink;
import io.weft.core.kafka.JsonSerde;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a persistent session's offline queue back from {@code weft.down}: from the session's resume offsets up to
 * the end offsets as they are when the replay starts, keeping the downlinks the session wants, at most {@code max}
 * of them (the oldest beyond that are dropped and counted, as a bounded MQTT queue does). Replays run one after
 * another on a thread of their own with one consumer, so a reconnect storm costs one consumer, not one per session.
 * A downlink past its deadline is skipped, as live delivery skips it.
 */
public final class OfflineReplay implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OfflineReplay.class);

    /** What a replay found: the downlinks in offset order, the offsets it read up to, and how many it dropped. */
    public record Replayed(List<PositionedDownlink> downlinks, Map<Integer, Long> until, int dropped) {
    }

    private record Request(Map<Integer, Long> from, Predicate<PositionedDownlink> wanted, int max,
                           CompletableFuture<Replayed> result) {
    }

    private final KafkaConsumer<String, Downlink> consumer;
    private final String topic;
    private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    public OfflineReplay(String bootstrapServers, String topic, String clientId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-replay");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        // A queue older than weft.down's retention starts at the oldest downlink Kafka still has.
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), JsonSerde.deserializer(Downlink.class));
        this.topic = topic;
        this.thread = new Thread(this::run, clientId + "-replay");
        this.thread.setDaemon(true);
    }

    public OfflineReplay start() {
        thread.start();
        return this;
    }

    /**
     * Replays the partitions in {@code from} from those offsets; the future completes on the replay thread, or
     * exceptionally if Kafka could not be read.
     */
    public CompletableFuture<Replayed> replay(Map<Integer, Long> from, Predicate<PositionedDownlink> wanted, int max) {
        CompletableFuture<Replayed> result = new CompletableFuture<>();
        if (from.isEmpty()) {
            result.complete(new Replayed(List.of(), Map.of(), 0));
        } else if (!running || !requests.offer(new Request(Map.copyOf(from), wanted, max, result))) {
            result.completeExceptionally(new IllegalStateException("offline replay is closed"));
        }
        return result;
    }

    private void run() {
        try {
            while (running) {
                Request request = requests.take();
                try {
                    request.result().complete(read(request));
                } catch (WakeupException e) {
                    request.result().completeExceptionally(e);
                    throw e;
                } catch (RuntimeException e) {
                    LOG.warn("offline replay from {} failed", request.from(), e);
                    request.result().completeExceptionally(e);
                }
            }
        } catch (InterruptedException | WakeupException e) {
            // close() stops the thread this way; the consumer is closed below, not interrupted.
        } finally {
            Thread.interrupted();
            consumer.close();
            requests.forEach(r -> r.result().completeExceptionally(new IllegalStateException("offline replay closed")));
        }
    }

    private Replayed read(Request request) {
        List<TopicPartition> partitions = new ArrayList<>();
        request.from().keySet().forEach(p -> partitions.add(new TopicPartition(topic, p)));
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        Map<Integer, Long> until = new HashMap<>();
        List<TopicPartition> pending = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            long from = Math.max(request.from().get(tp.partition()), 0);
            long to = end.get(tp);
            until.put(tp.partition(), Math.max(from, to));
            if (from < to) {
                consumer.seek(tp, from);
                pending.add(tp);
            }
        }
        ArrayDeque<PositionedDownlink> kept = new ArrayDeque<>();
        int dropped = 0;
        long now = System.currentTimeMillis();
        consumer.assign(pending);
        while (!pending.isEmpty()) {
            List<ConsumerRecord<String, Downlink>> batch = poll();
            for (ConsumerRecord<String, Downlink> record : batch) {
                TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                Downlink downlink = record.value();
                if (record.offset() >= until.get(record.partition()) || downlink == null
                        || (downlink.deadline() > 0 && downlink.deadline() < now)) {
                    continue;
                }
                PositionedDownlink positioned = new PositionedDownlink(downlink, tp.partition(), record.offset());
                if (!request.wanted().test(positioned)) {
                    continue;
                }
                kept.addLast(positioned);
                if (kept.size() > request.max()) {
                    kept.removeFirst();
                    dropped++;
                }
            }
            pending.removeIf(tp -> consumer.position(tp) >= until.get(tp.partition()));
            consumer.assign(pending);
        }
        return new Replayed(List.copyOf(kept), until, dropped);
    }

    private List<ConsumerRecord<String, Downlink>> poll() {
        List<ConsumerRecord<String, Downlink>> records = new ArrayList<>();
        try {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
        } catch (RecordDeserializationException e) {
            LOG.warn("skipping a malformed downlink on {}: {}", e.topicPartition(), e.getMessage());
            consumer.seek(e.topicPartition(), e.offset() + 1);
        }
        return records;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.interrupt();
        thread.join(10_000);
    }
}
