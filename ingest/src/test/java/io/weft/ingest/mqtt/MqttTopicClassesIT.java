package io.weft.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.weft.core.auth.DeviceSigner;
import io.weft.core.auth.SignMethod;
import io.weft.core.registry.TopicClassesEntry;
import io.weft.core.topic.TopicClass;
import io.weft.core.topic.TopicOperation;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real {@link MqttEdge} following a real registry topic, with Eclipse Paho as the device: a change of the
 * product's topic classes on {@code weft.registry} applies to the connected device's next SUBSCRIBE and PUBLISH,
 * without a reconnect.
 */
class MqttTopicClassesIT {
    private static final String PK = "a1TcProduct";
    private static final String DN = "tc-1";
    private static final String SECRET = "tc-secret";
    private static final String USER = "/" + PK + "/" + DN + "/user/";

    private static KafkaFixture kafka;
    private static MqttEdge edge;

    @BeforeAll
    static void startKafkaAndEdge() throws Exception {
        kafka = KafkaFixture.start();
        kafka.register(PK, DN, SECRET);
        edge = new MqttEdge(MqttEdgeConfig.defaults(0), kafka.bootstrapServers(), KafkaFixture.TOPICS)
                .start(Duration.ofSeconds(30));
        await().atMost(Duration.ofSeconds(30)).until(edge::downlinksReady);
    }

    @AfterAll
    static void stop() throws Exception {
        if (edge != null) {
            edge.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void classChangeInTheRegistry_appliesToTheConnectedDevicesNextSubscribeAndPublish() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        CountDownLatch lost = new CountDownLatch(1);
        MqttClient device = connect(received, lost);
        try {
            assertThat(granted(device, USER + "cmd")).as("no class yet: Alibaba's defaults").isEqualTo(0x80);

            kafka.publish(new TopicClassesEntry(PK, List.of(new TopicClass("cmd", TopicOperation.SUB, null),
                    new TopicClass("telemetry", TopicOperation.PUB, null)), System.currentTimeMillis()));

            await().atMost(Duration.ofSeconds(20)).until(() -> granted(device, USER + "cmd") == 1);
            device.publish(USER + "telemetry", "t1".getBytes(StandardCharsets.UTF_8), 1, false);
            kafka.awaitQos1Uplink(PK, DN, "t1");
            kafka.sendDownlink(PK, DN, USER + "cmd", "c1");
            assertThat(received.poll(20, TimeUnit.SECONDS)).isEqualTo(USER + "cmd c1");

            kafka.publish(new TopicClassesEntry(PK, List.of(new TopicClass("cmd2", TopicOperation.SUB, null)),
                    System.currentTimeMillis()));

            await().atMost(Duration.ofSeconds(20)).until(() -> granted(device, USER + "cmd2") == 1);
            assertThat(granted(device, USER + "cmd")).isEqualTo(0x80);
            try {
                device.publish(USER + "telemetry", "t2".getBytes(StandardCharsets.UTF_8), 0, false);
            } catch (MqttException e) {
                // The edge may close the connection before Paho's publish returns: that close is what is checked.
            }
            assertThat(lost.await(20, TimeUnit.SECONDS)).as("the PUB class is gone: publish refused").isTrue();
            assertThat(edge.disconnector().count(Refusal.PUBLISH_NOT_AUTHORIZED)).isEqualTo(1);
        } finally {
            if (device.isConnected()) {
                device.disconnect(2_000);
            }
            device.close(true);
        }
    }

    /** The granted QoS of a SUBSCRIBE, 0x80 when the edge refused it. */
    private static int granted(MqttClient device, String filter) throws MqttException {
        try {
            return device.subscribeWithResponse(filter, 1).getGrantedQos()[0];
        } catch (MqttException e) {
            if (e.getReasonCode() == MqttException.REASON_CODE_SUBSCRIBE_FAILED) {
                return 0x80;
            }
            throw e;
        }
    }

    private static MqttClient connect(BlockingQueue<String> received, CountDownLatch lost) throws MqttException {
        DeviceSigner.MqttCredentials c = DeviceSigner.mqttCredentials(PK, DN, SECRET, SignMethod.HMACSHA256,
                PK + "." + DN, "2524608000000");
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + edge.port(), c.clientId(), new MemoryPersistence());
        client.setTimeToWait(10_000);
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.countDown();
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(topic + " " + new String(message.getPayload(), StandardCharsets.UTF_8));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setKeepAliveInterval(60);
        options.setAutomaticReconnect(false);
        options.setUserName(c.username());
        options.setPassword(c.password().toCharArray());
        client.connect(options);
        return client;
    }
}
