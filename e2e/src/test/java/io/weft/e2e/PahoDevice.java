package io.weft.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.auth.DeviceSigner;
import io.weft.core.auth.SignMethod;
import io.weft.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import tools.jackson.databind.JsonNode;

/** An Eclipse Paho v3 client (a client we did not write) connected with Alibaba's signature. */
final class PahoDevice implements AutoCloseable {
    final MqttClient client;
    private final BlockingQueue<String> received = new ArrayBlockingQueue<>(100);
    private final CountDownLatch lost = new CountDownLatch(1);
    private final ExecutorService responder = Executors.newSingleThreadExecutor();

    private PahoDevice(MqttClient client) {
        this.client = client;
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.countDown();
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
    }

    /** True if the server dropped the connection within the timeout (Paho's connectionLost). */
    boolean awaitConnectionLost(Duration timeout) throws InterruptedException {
        return lost.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    static PahoDevice connect(int port, TestDevice device) throws MqttException {
        return connect(port, device, false);
    }

    /** With {@code ext}, the clientId carries {@code ext=1}, as a device that takes custom-topic RRPC sends it. */
    static PahoDevice connect(int port, TestDevice device, boolean ext) throws MqttException {
        DeviceSigner.MqttCredentials credentials = DeviceSigner.mqttCredentials(device.productKey(), device.name(),
                device.secret(), SignMethod.HMACSHA256, device.productKey() + "." + device.name(),
                Long.toString(System.currentTimeMillis()));
        String clientId = ext ? credentials.clientId().replaceFirst("\\|$", ",ext=1|") : credentials.clientId();
        return connect("tcp://127.0.0.1:" + port, new DeviceSigner.MqttCredentials(clientId, credentials.username(),
                credentials.password()));
    }

    /** Connects to {@code serverUri} ({@code tcp://} here) with these credentials as they are. */
    static PahoDevice connect(String serverUri, DeviceSigner.MqttCredentials credentials) throws MqttException {
        MqttClient client = new MqttClient(serverUri, credentials.clientId(), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(credentials.username());
        options.setPassword(credentials.password().toCharArray());
        options.setKeepAliveInterval(60);
        options.setCleanSession(true);
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setConnectionTimeout(10);
        client.setTimeToWait(30_000);
        client.connect(options);
        return new PahoDevice(client);
    }

    void subscribe(String topic) throws MqttException {
        client.subscribe(topic, 1, (t, message) -> received.add(new String(message.getPayload(), StandardCharsets.UTF_8)));
    }

    /**
     * Answers every RRPC request as Alibaba's SDKs do: subscribed to {@code /rrpc/request/+}, it publishes
     * {@code answer(request payload)} at QoS 0 on {@code /rrpc/response/{messageId}}. The answer is published from a
     * thread of its own: Paho's blocking publish waits for its callback thread, so it cannot run on it.
     */
    void answerRrpc(TestDevice device, UnaryOperator<byte[]> answer) throws MqttException {
        client.subscribe(device.rrpcRequestFilter(), 0, (topic, message) -> {
            String messageId = topic.substring(topic.lastIndexOf('/') + 1);
            byte[] response = answer.apply(message.getPayload());
            responder.execute(() -> {
                try {
                    client.publish(device.rrpcResponseTopic(messageId), response, 0, false);
                } catch (MqttException e) {
                    System.err.println("RRPC " + messageId + ": could not answer: " + e);
                }
            });
        });
    }

    /**
     * Answers custom-topic RRPC requests on {@code topic} as Alibaba's SDKs do: subscribed to
     * {@code /ext/rrpc/+{topic}}, it publishes {@code answer(request payload)} at QoS 0 on the request's own topic.
     */
    void answerCustomRrpc(String topic, UnaryOperator<byte[]> answer) throws MqttException {
        client.subscribe("/ext/rrpc/+" + topic, 0, (requestTopic, message) -> {
            byte[] response = answer.apply(message.getPayload());
            responder.execute(() -> {
                try {
                    client.publish(requestTopic, response, 0, false);
                } catch (MqttException e) {
                    System.err.println("RRPC on " + requestTopic + ": could not answer: " + e);
                }
            });
        });
    }

    void publish(String topic, String payload, int qos) throws MqttException {
        client.publish(topic, payload.getBytes(StandardCharsets.UTF_8), qos, false);
    }

    JsonNode nextMessage(Duration timeout) throws InterruptedException {
        String message = received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertThat(message).as("a message within " + timeout).isNotNull();
        return Json.tree(message);
    }

    @Override
    public void close() throws MqttException {
        responder.shutdownNow();
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
