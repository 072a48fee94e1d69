package io.weft.controlplane.broadcast;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.weft.controlplane.Api;
import io.weft.controlplane.OnRealParts;
import io.weft.core.envelope.Downlink;
import io.weft.core.kafka.JsonSerde;
import io.weft.core.kafka.TopicFollower;
import io.weft.core.kafka.WeftTopics;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * Broadcast over REST on the real app and a real Kafka: one call writes exactly one product-wide downlink to
 * {@code weft.down} (key {@code pk/}, no device name, topic {@code /broadcast/{pk}/{suffix}}) and answers 202 with
 * its message id; an invalid request answers a 400 problem and an unknown product a 404, writing nothing.
 */
class BroadcastApiIT extends OnRealParts {
    private static final BlockingQueue<ConsumerRecord<String, Downlink>> DOWN = new LinkedBlockingQueue<>();
    private static TopicFollower<Downlink> follower;
    private String pk;

    @BeforeAll
    static void followWeftDown() throws InterruptedException {
        follower = new TopicFollower<>(PARTS.kafkaBootstrap(), WeftTopics.DEFAULT.down(), "weft-it-broadcast",
                JsonSerde.deserializer(Downlink.class), TopicFollower.Start.END, DOWN::add).start();
        assertThat(follower.awaitReady(Duration.ofSeconds(30))).as("weft.down assigned").isTrue();
    }

    @AfterAll
    static void stopFollowing() throws InterruptedException {
        follower.close();
    }

    @BeforeEach
    void product() {
        pk = uniqueKey("bcast");
        assertThat(api.post("/api/v1/products", "{\"productKey\":\"" + pk + "\",\"name\":\"Lamp\"}").status())
                .isEqualTo(201);
    }

    @Test
    void broadcast_writesOneProductWideDownlink_andAnswers202WithItsMessageId() throws Exception {
        String payload = Base64.getEncoder().encodeToString("v2".getBytes(UTF_8));

        Api.Reply answer = api.post(path(pk), "{\"topic\":\"firmware/news\",\"payload\":\"" + payload
                + "\",\"qos\":1}");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
        JsonNode body = answer.json();
        String messageId = body.path("messageId").asString();
        assertThat(body.path("topic").asString()).isEqualTo("/broadcast/" + pk + "/firmware/news");
        ConsumerRecord<String, Downlink> record = nextFor(pk);
        assertThat(record.key()).isEqualTo(pk + "/");
        Downlink d = record.value();
        assertThat(d.broadcast()).isTrue();
        assertThat(d.deviceName()).isNull();
        assertThat(Long.toString(d.messageId())).isEqualTo(messageId);
        assertThat(d.topic()).isEqualTo("/broadcast/" + pk + "/firmware/news");
        assertThat(new String(d.payload(), UTF_8)).isEqualTo("v2");
        assertThat(d.qos()).isEqualTo(1);
        assertThat(d.deadline()).isZero();
    }

    @Test
    void broadcast_withoutQos_isSentAtQos0() throws Exception {
        assertThat(api.post(path(pk), "{\"topic\":\"news\",\"payload\":\"\"}").status()).isEqualTo(202);

        assertThat(nextFor(pk).value().qos()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"payload\":\"djI=\"}",
            "{\"topic\":\"\",\"payload\":\"djI=\"}",
            "{\"topic\":\"firmware/#\",\"payload\":\"djI=\"}",
            "{\"topic\":\"+/news\",\"payload\":\"djI=\"}",
            "{\"topic\":\"/news\",\"payload\":\"djI=\"}",
            "{\"topic\":\"news/\",\"payload\":\"djI=\"}",
            "{\"topic\":\"firmware//news\",\"payload\":\"djI=\"}",
            "{\"topic\":\"a/b/c/d/e/f/g/h/i\",\"payload\":\"djI=\"}",
            "{\"topic\":\"caf\\u00e9\",\"payload\":\"djI=\"}",
            "{\"topic\":\"news\"}",
            "{\"topic\":\"news\",\"payload\":\"not base64!\"}",
            "{\"topic\":\"news\",\"payload\":\"djI=\",\"qos\":2}",
            "{\"topic\":\"news\",\"payload\":\"djI=\",\"qos\":\"high\"}",
            "not json"})
    void broadcast_whenRequestInvalid_thenAnswers400Problem(String body) {
        assertProblem(api.post(path(pk), body), 400);
    }

    @Test
    void broadcast_whenTopicTooLong_thenAnswers400Problem() {
        String suffix = "n".repeat(BroadcastRequest.MAX_SUFFIX_LENGTH + 1);

        assertProblem(api.post(path(pk), "{\"topic\":\"" + suffix + "\",\"payload\":\"djI=\"}"), 400);
    }

    @Test
    void broadcast_whenPayloadTooLarge_thenAnswers400Problem() {
        String payload = Base64.getEncoder().encodeToString(new byte[BroadcastRequest.MAX_PAYLOAD_BYTES + 1]);

        assertProblem(api.post(path(pk), "{\"topic\":\"news\",\"payload\":\"" + payload + "\"}"), 400);
    }

    @Test
    void broadcast_forUnknownProduct_answers404Problem() {
        assertProblem(api.post(path("nope" + pk), "{\"topic\":\"news\",\"payload\":\"djI=\"}"), 404);
    }

    private static ConsumerRecord<String, Downlink> nextFor(String productKey) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            ConsumerRecord<String, Downlink> r = DOWN.poll(200, TimeUnit.MILLISECONDS);
            if (r != null && r.value() != null && r.value().productKey().equals(productKey)) {
                return r;
            }
        }
        throw new AssertionError("no downlink for " + productKey + " within 20 s");
    }

    private static String path(String pk) {
        return "/api/v1/products/" + pk + "/broadcast";
    }
}
