package io.weft.bench.rules;

import io.weft.core.alert.Alert;
import io.weft.core.envelope.Telemetry;
import io.weft.core.json.Json;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.rule.AlertSignal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code weft.telemetry}, {@code weft.alert-signals} and {@code weft.alerts} with read_committed (as any reader
 * downstream sees them), from their ends when it starts, and tells {@link StageLatencies} when a hot device's reading,
 * signal and opened alert appear. One consumer, no group: it is assigned every partition.
 */
final class PipelineWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PipelineWatcher.class);

    private final String bootstrap;
    private final WeftTopics topics;
    private final String productKey;
    private final StageLatencies stages;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final Thread thread;
    private volatile Exception failure;
    private long unreadable;

    PipelineWatcher(String bootstrap, WeftTopics topics, String productKey, StageLatencies stages) {
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.productKey = productKey;
        this.stages = stages;
        this.thread = new Thread(this::run, "pipeline-watcher");
    }

    /** Starts reading; returns once the consumer sits at the topics' ends. */
    PipelineWatcher start() throws InterruptedException {
        thread.start();
        if (!positioned.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("could not reach the ends of Weft's topics on " + bootstrap);
        }
        if (failure != null) {
            throw new IllegalStateException("reading Weft's topics on " + bootstrap, failure);
        }
        return this;
    }

    private void run() {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(topics.telemetry(), topics.alertSignals(), topics.alerts())) {
                for (PartitionInfo info : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
                    partitions.add(new TopicPartition(topic, info.partition()));
                }
            }
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            positioned.countDown();
            while (running.get()) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    try {
                        take(record, System.nanoTime());
                    } catch (RuntimeException e) {
                        if (unreadable++ == 0) {
                            LOG.warn("skipping a record of {} that does not parse: {}", record.topic(), e.toString());
                        }
                    }
                }
            }
        } catch (Exception e) {
            failure = e;
            LOG.error("reading Weft's topics failed", e);
        } finally {
            positioned.countDown();
        }
    }

    private void take(ConsumerRecord<byte[], byte[]> record, long now) {
        if (record.value() == null) {
            return;
        }
        if (record.topic().equals(topics.telemetry())) {
            Telemetry telemetry = Json.read(record.value(), Telemetry.class);
            if (productKey.equals(telemetry.productKey())) {
                stages.arrived(StageLatencies.Stage.TELEMETRY, telemetry.deviceName(), now);
            }
        } else if (record.topic().equals(topics.alertSignals())) {
            AlertSignal signal = Json.read(record.value(), AlertSignal.class);
            if (productKey.equals(signal.productKey()) && signal.action() == AlertSignal.Action.RAISE) {
                stages.arrived(StageLatencies.Stage.SIGNAL, signal.deviceName(), now);
            }
        } else {
            Alert alert = Json.read(record.value(), Alert.class);
            if (productKey.equals(alert.productKey()) && alert.change() == Alert.Change.OPENED) {
                stages.arrived(StageLatencies.Stage.ALERT, alert.deviceName(), now);
            }
        }
    }

    /** Null while reading works; else why it stopped. */
    Exception failure() {
        return failure;
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join(TimeUnit.SECONDS.toMillis(30));
    }
}
