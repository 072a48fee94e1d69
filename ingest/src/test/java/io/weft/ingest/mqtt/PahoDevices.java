package io.weft.ingest.mqtt;

import io.weft.core.auth.DeviceSigner;
import io.weft.core.auth.SignMethod;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** Eclipse Paho v3 clients connected to a real edge as Alibaba's Link SDK connects (MQTT 3.1.1, clean session). */
final class PahoDevices {
    private PahoDevices() {
    }

    /** Connects, signing with {@code secret} (hmacsha256, the C SDK's fixed timestamp); closes the client on failure. */
    static MqttClient connect(int port, String productKey, String deviceName, String secret) throws MqttException {
        DeviceSigner.MqttCredentials c = DeviceSigner.mqttCredentials(productKey, deviceName, secret,
                SignMethod.HMACSHA256, productKey + "." + deviceName, "2524608000000");
        MqttClient client = new MqttClient("tcp://127.0.0.1:" + port, c.clientId(), new MemoryPersistence());
        client.setTimeToWait(10_000);
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setKeepAliveInterval(60);
        options.setConnectionTimeout(10);
        options.setAutomaticReconnect(false);
        options.setUserName(c.username());
        options.setPassword(c.password().toCharArray());
        try {
            client.connect(options);
            return client;
        } catch (MqttException e) {
            client.close(true);
            throw e;
        }
    }

    /** Disconnects if connected, then closes the client. */
    static void disconnect(MqttClient client) throws MqttException {
        if (client.isConnected()) {
            client.disconnect(2_000);
        }
        client.close(true);
    }
}
