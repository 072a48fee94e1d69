package io.weft.controlplane.registration;

import io.weft.core.json.Json;
import io.weft.core.kafka.JsonSerde;
import io.weft.core.kafka.TopicFollower;
import io.weft.core.kafka.WeftTopics;
import io.weft.core.registration.RegistrationAnswer;
import io.weft.core.registration.RegistrationMessage;
import io.weft.core.registration.RegistrationRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Plays any number of edges on the real Kafka: writes registration requests to {@code weft.registrations} as an
 * edge does (same record, same key) and collects every answer the control plane writes there.
 */
final class EdgesStandIn implements AutoCloseable {
    private final BlockingQueue<RegistrationAnswer> arrived = new LinkedBlockingQueue<>();
    private final Map<Long, List<RegistrationAnswer>> answers = new ConcurrentHashMap<>();
    private final TopicFollower<RegistrationMessage> follower;
    private final KafkaProducer<String, byte[]> producer;

    EdgesStandIn(String bootstrapServers) throws InterruptedException {
        follower = new TopicFollower<>(bootstrapServers, WeftTopics.DEFAULT.registrations(), "weft-it-edges",
                JsonSerde.deserializer(RegistrationMessage.class), TopicFollower.Start.END, r -> {
                    if (r.value() instanceof RegistrationAnswer answer) {
                        arrived.add(answer);
                    }
                }).start();
        if (!follower.awaitReady(Duration.ofSeconds(30))) {
            throw new IllegalStateException("weft.registrations not assigned");
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    void send(RegistrationRequest request) throws Exception {
        producer.send(new ProducerRecord<>(WeftTopics.DEFAULT.registrations(), request.key(),
                Json.write((RegistrationMessage) request))).get(10, TimeUnit.SECONDS);
    }

    /** The first answer to the request; fails after 20 s. */
    RegistrationAnswer answerTo(RegistrationRequest request) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!answers.containsKey(request.requestId())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no answer to request " + request.requestId() + " within 20 s");
            }
            RegistrationAnswer answer = arrived.poll(200, TimeUnit.MILLISECONDS);
            if (answer != null) {
                answers.computeIfAbsent(answer.requestId(), id -> new CopyOnWriteArrayList<>()).add(answer);
            }
        }
        return answers.get(request.requestId()).get(0);
    }

    @Override
    public void close() throws InterruptedException {
        producer.close();
        follower.close();
    }
}
