package io.weft.ingest.downlink;

import io.weft.core.envelope.Downlink;
import io.weft.core.kafka.JsonSerde;
import io.weft.core.kafka.TopicFollower;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads every partition of {@code weft.down} from the end (each edge sees every downlink, since any edge may
 * hold the device's session) and hands each downlink to the sink on this consumer's thread. Downlinks past their
 * deadline are dropped.
 */
public final class DownlinkConsumer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DownlinkConsumer.class);

    private final Consumer<Downlink> sink;
    private final TopicFollower<Downlink> follower;

    public DownlinkConsumer(String bootstrapServers, String topic, Consumer<Downlink> sink) {
        this.sink = sink;
        this.follower = new TopicFollower<>(bootstrapServers, topic, "weft-edge-downlinks",
                JsonSerde.deserializer(Downlink.class), TopicFollower.Start.END, this::handle);
    }

    public DownlinkConsumer start() {
        follower.start();
        return this;
    }

    /** True once the consumer has its partitions and positions: downlinks sent after this are delivered. */
    public boolean assigned() {
        return follower.ready();
    }

    private void handle(ConsumerRecord<String, Downlink> record) {
        Downlink downlink = record.value();
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
        follower.close();
    }
}
