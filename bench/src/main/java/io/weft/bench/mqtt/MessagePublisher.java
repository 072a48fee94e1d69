package io.weft.bench.mqtt;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends one property post for a device and records its fate in the tally. With QoS 1 a message is acknowledged
 * by its PUBACK; with QoS 0 by the client having written it to the socket.
 */
public final class MessagePublisher {
    /** Alink ids are numeric strings 0..4294967295. */
    private static final long ALINK_ID_MASK = 0xFFFF_FFFFL;

    private final MqttQos qos;
    private final PropertyPost post;
    private final LoadTally tally;
    private final AtomicLong ids = new AtomicLong();

    public MessagePublisher(int qos, PropertyPost post, LoadTally tally) {
        this.qos = qos == 0 ? MqttQos.AT_MOST_ONCE : MqttQos.AT_LEAST_ONCE;
        this.post = post;
        this.tally = tally;
    }

    /**
     * Publishes a message due at {@code dueNanos}; the future completes (exceptionally on failure) once the
     * outcome is recorded.
     */
    public CompletableFuture<?> publish(DeviceConnection connection, long dueNanos) {
        byte[] payload = post.payload(ids.getAndIncrement() & ALINK_ID_MASK);
        tally.sent(dueNanos);
        CompletableFuture<?> sent;
        try {
            sent = connection.client().publishWith().topic(connection.topic()).qos(qos).payload(payload).send();
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.whenComplete((result, error) -> {
            if (error == null) {
                tally.acknowledged(dueNanos, System.nanoTime());
            } else {
                tally.failed(dueNanos, FailureReason.of(error));
            }
        });
    }
}
