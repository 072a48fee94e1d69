package io.weft.ingest.downlink;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.weft.core.envelope.Downlink;
import io.weft.core.kafka.JsonSerde;
import io.weft.core.kafka.TopicFollower;
import io.weft.ingest.mqtt.session.PositionedDownlink;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of {@code weft.down} from the end (each edge sees every downlink, since any edge may
 * hold the device's session) and hands each downlink, with where it is, to the sink on this consumer's thread.
 * Downlinks past their deadline are dropped. Before it looks for the downlink's session it records the offset as the
 * partition's {@link #dispatchFrom}: a session registered after that reads the offset back and replays from there,
 * so no downlink falls between "not yet registered" and "already dispatched".
 */
public final class DownlinkConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DownlinkConsumer.class);

    private final Consumer<PositionedDownlink> sink;
    private final TopicFollower<Downlink> follower;
    private final Map<Integer, Long> dispatching = new ConcurrentHashMap<>();

    public DownlinkConsumer(String bootstrapServers, String topic, Consumer<PositionedDownlink> sink) {
        this(bootstrapServers, topic, "weft-edge-downlinks", sink);
    }

    public DownlinkConsumer(String bootstrapServers, String topic, String clientId, Consumer<PositionedDownlink> sink) {
        this.sink = sink;
        this.follower = new TopicFollower<>(bootstrapServers, topic, clientId,
                JsonSerde.deserializer(Downlink.class), TopicFollower.Start.END, this::handle);
    }

    public DownlinkConsumer start() {
        follower.start();
        return this;
    }

    /** Waits until the consumer has its partitions and positions; false if it did not within the timeout. */
    public boolean awaitAssigned(java.time.Duration timeout) throws InterruptedException {
        return follower.awaitReady(timeout);
    }

    /** True once the consumer has its partitions and positions: downlinks sent after this are delivered. */
    public boolean assigned() {
        return follower.ready();
    }

    /**
     * The offset of the partition's downlink being dispatched now, or else of the next one: every downlink from
     * there on that is not dispatched yet will find sessions registered before this call. -1 before assignment.
     */
    public long dispatchFrom(int partition) {
        Long current = dispatching.get(partition);
        return current != null ? current : follower.startOffsets().getOrDefault(partition, -1L);
    }

    /** How many partitions the topic has; 0 before assignment. */
    public int partitions() {
        return follower.startOffsets().size();
    }

    /** The partition of {@code weft.down} a downlink keyed {@code key} is in (Kafka's default partitioner). */
    public int partitionOf(String key) {
        int partitions = partitions();
        if (partitions == 0) {
            throw new IllegalStateException("downlink consumer not assigned yet");
        }
        return Utils.toPositive(Utils.murmur2(key.getBytes(UTF_8))) % partitions;
    }

    private void handle(ConsumerRecord<String, Downlink> record) {
        dispatching.put(record.partition(), record.offset());
        Downlink downlink = record.value();
        if (downlink == null) {
            return;
        }
        if (downlink.deadline() > 0 && downlink.deadline() < System.currentTimeMillis()) {
            LOG.debug("dropping expired downlink {} for {}", downlink.messageId(), downlink.device());
            return;
        }
        sink.accept(new PositionedDownlink(downlink, record.partition(), record.offset()));
    }

    @Override
    public void close() throws InterruptedException {
        follower.close();
    }
}
