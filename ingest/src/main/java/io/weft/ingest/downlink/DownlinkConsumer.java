package io.weft.ingest.downlink;

import io.weft.core.envelope.Downlink;
import io.weft.core.kafka.JsonSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of {@code weft.down} from the end (each edge sees every downlink, since any edge may
 * hold the device's session) and hands each downlink to the sink on this consumer's thread. Downlinks past their
 * deadline are dropped and counted.
 */
public final class DownlinkConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DownlinkConsumer.class);

    private final KafkaConsumer<String, Downlink> consumer;
    private final String topic;
    private final Consumer<Downlink> sink;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean assigned;

    public DownlinkConsumer(String bootstrapServers, String topic, Consumer<Downlink> sink) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "weft-edge-downlinks");
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        this.consumer = new KafkaConsumer<>(props, new StringDeserializer(), JsonSerde.deserializer(Downlink.class));
        this.topic = topic;
        this.sink = sink;
        this.thread = new Thread(this::run, "weft-edge-downlinks");
        this.thread.setDaemon(true);
    }

    public DownlinkConsumer start() {
        thread.start();
        return this;
    }

    /** True once the consumer has its partitions and positions: downlinks sent after this are delivered. */
    public boolean assigned() {
        return assigned;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            assigned = true;
            while (running) {
                try {
                    for (ConsumerRecord<String, Downlink> record : consumer.poll(Duration.ofMillis(500))) {
                        handle(record.value());
                    }
                } catch (SerializationException e) {
                    LOG.warn("skipping a malformed downlink record: {}", e.getMessage());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("downlink consumer stopped", e);
        } finally {
            consumer.close();
        }
    }

    private void handle(Downlink downlink) {
        if (downlink == null) {
            return;
        }
        if (downlink.deadline() > 0 && downlink.deadline() < System.currentTimeMillis()) {
            LOG.debug("dropping expired downlink {} for {}", downlink.messageId(), downlink.device());
            return;
        }
        sink.accept(downlink);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        consumer.wakeup();
        thread.join(10_000);
    }
}
