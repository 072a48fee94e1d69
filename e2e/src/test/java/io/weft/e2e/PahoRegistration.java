package io.weft.e2e;

import io.weft.core.auth.DeviceSigner;
import io.weft.core.json.Json;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import tools.jackson.databind.JsonNode;

/**
 * A dynamic registration as a device does it with Eclipse Paho v3 over TLS (Alibaba registers over TLS only): one
 * connection with the product-secret credentials, which receives one message on {@code /ext/register} or
 * {@code /ext/regnwl} without subscribing, then disconnects. A refusal is Paho's
 * {@link MqttException} with the CONNACK code as its reason code.
 */
final class PahoRegistration {
    private PahoRegistration() {
    }

    /** The answer's topic and JSON body; fails if none arrives or the server does not close the connection. */
    static Answer register(int tlsPort, Path serverCertificate, DeviceSigner.MqttCredentials credentials)
            throws Exception {
        BlockingQueue<Answer> answers = new ArrayBlockingQueue<>(4);
        MqttClient client = new MqttClient("ssl://127.0.0.1:" + tlsPort, credentials.clientId(),
                new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                answers.add(new Answer(topic, Json.tree(new String(message.getPayload(),
                        java.nio.charset.StandardCharsets.UTF_8))));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setUserName(credentials.username());
        options.setPassword(credentials.password().toCharArray());
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setConnectionTimeout(10);
        options.setSocketFactory(trusting(serverCertificate).getSocketFactory());
        client.setTimeToWait(30_000);
        try {
            client.connect(options);
            Answer answer = answers.poll(10, TimeUnit.SECONDS);
            if (answer == null) {
                throw new AssertionError("no registration answer within 10 s");
            }
            // As Alibaba's SDKs do: disconnect once the answer is in (the server would close it a second later).
            client.disconnect();
            return answer;
        } finally {
            if (client.isConnected()) {
                client.disconnectForcibly(1000, 1000);
            }
            client.close();
        }
    }

    /** A TLS context that trusts exactly standalone's self-signed server certificate. */
    private static SSLContext trusting(Path certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(certificate)) {
            trust.setCertificateEntry("weft", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, tmf.getTrustManagers(), null);
        return tls;
    }

    record Answer(String topic, JsonNode body) {
    }

}
