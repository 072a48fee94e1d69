package io.weft.controlplane.rrpc;

import io.weft.core.auth.DeviceIdentity;
import io.weft.core.envelope.Downlink;
import io.weft.core.envelope.MessageIds;
import io.weft.core.envelope.Presence;
import io.weft.core.envelope.Reply;
import io.weft.core.json.Json;
import io.weft.core.kafka.JsonSerde;
import io.weft.core.kafka.TopicFollower;
import io.weft.core.kafka.WeftTopics;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays an edge on the real Kafka: reads the downlinks the control plane writes to {@code weft.down} and writes
 * replies to {@code weft.replies} and presence to {@code weft.events} as an edge would, with the same records and
 * keys.
 */
final class EdgeStandIn implements AutoCloseable {
    private static final MessageIds EPOCHS = new MessageIds(7);
    private final BlockingQueue<Downlink> downlinks = new LinkedBlockingQueue<>();
    private final TopicFollower<Downlink> follower;
    private final KafkaProducer<String, byte[]> producer;

    EdgeStandIn(String bootstrapServers) throws InterruptedException {
        follower = new TopicFollower<>(bootstrapServers, WeftTopics.DEFAULT.down(), "weft-it-edge-stand-in",
                JsonSerde.deserializer(Downlink.class), TopicFollower.Start.END, r -> downlinks.add(r.value()))
                .start();
        if (!follower.awaitReady(Duration.ofSeconds(30))) {
            throw new IllegalStateException("weft.down not assigned");
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** The next downlink for the device {@code pk/dn}, skipping other devices'; fails after 20 s. */
    Downlink nextDownlink(String productKey, String deviceName) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            Downlink d = downlinks.poll(200, TimeUnit.MILLISECONDS);
            if (d != null && d.productKey().equals(productKey) && deviceName.equals(d.deviceName())) {
                return d;
            }
        }
        throw new AssertionError("no downlink for " + productKey + "/" + deviceName + " within 20 s");
    }

    /** The next downlink for {@code pk/dn} within {@code wait}, skipping other devices'; null if none came. */
    Downlink pollDownlink(String productKey, String deviceName, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            Downlink d = downlinks.poll(50, TimeUnit.MILLISECONDS);
            if (d != null && d.productKey().equals(productKey) && deviceName.equals(d.deviceName())) {
                return d;
            }
        }
        return null;
    }

    /** Reports the device ONLINE on {@code weft.events}, as an edge does when it accepts the device's CONNECT. */
    void online(String productKey, String deviceName) throws Exception {
        Presence online = Presence.online(new DeviceIdentity(productKey, deviceName), EPOCHS.next(), "edge-stand-in",
                "127.0.0.1", System.currentTimeMillis());
        producer.send(new ProducerRecord<>(WeftTopics.DEFAULT.events(), online.device().key(), Json.write(online)))
                .get(10, TimeUnit.SECONDS);
    }

    void reply(Reply reply) throws Exception {
        producer.send(new ProducerRecord<>(WeftTopics.DEFAULT.replies(), reply.device().key(), Json.write(reply)))
                .get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        producer.close();
        follower.close();
    }
}
