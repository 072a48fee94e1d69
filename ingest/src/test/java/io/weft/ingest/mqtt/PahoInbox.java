package io.weft.ingest.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttMessage;

/** What an Eclipse Paho v3 client received, in order, for a test to take one message at a time. */
final class PahoInbox implements MqttCallback {
    private static final long WAIT_SECONDS = 20;

    /** One message as the client saw it. */
    record Received(String topic, String payload, boolean retained) {
        /** {@code topic payload}, with {@code (retained)} after a retained one. */
        String line() {
            return topic + " " + payload + (retained ? " (retained)" : "");
        }
    }

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();

    /** The next {@code n} messages, waiting up to 20 s for each; fewer if they do not come. */
    List<Received> next(int n) throws InterruptedException {
        List<Received> messages = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Received r = received.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            if (r == null) {
                break;
            }
            messages.add(r);
        }
        return messages;
    }

    /** The payloads of the next {@code n} messages. */
    List<String> payloads(int n) throws InterruptedException {
        return next(n).stream().map(Received::payload).toList();
    }

    /** The {@link Received#line()}s of the next {@code n} messages. */
    List<String> lines(int n) throws InterruptedException {
        return next(n).stream().map(Received::line).toList();
    }

    boolean isEmpty() {
        return received.isEmpty();
    }

    @Override
    public void connectionLost(Throwable cause) {
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        received.add(new Received(topic, new String(message.getPayload(), UTF_8), message.isRetained()));
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
    }
}
