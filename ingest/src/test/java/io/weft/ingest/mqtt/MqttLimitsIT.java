package io.weft.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.weft.core.kafka.WeftTopics;
import io.weft.ingest.mqtt.limits.ConnectionLimits;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The connections-per-address limit of the real {@link MqttEdge} (real Kafka for its registry), with Eclipse Paho
 * clients all coming from 127.0.0.1: with a limit of 2, the third connection is closed before CONNACK, and a slot
 * is free again once a connection ends.
 */
class MqttLimitsIT {
    private static final WeftTopics TOPICS = WeftTopics.DEFAULT;
    private static final String PK = "a1LimitProduct";
    private static final String SECRET = "limit-secret-";

    private static KafkaFixture kafka;
    private static MqttEdge edge;

    @BeforeAll
    static void startKafkaAndEdge() throws Exception {
        kafka = KafkaFixture.start();
        for (int i = 1; i <= 4; i++) {
            kafka.register(PK, "limited-" + i, SECRET + "limited-" + i);
        }
        ConnectionLimits twoPerAddress = new ConnectionLimits(2, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO,
                Duration.ZERO);
        edge = new MqttEdge(new MqttEdgeConfig("127.0.0.1", 0, 256 * 1024, 10_000, 1000, "edge-limits", 11)
                .withLimits(twoPerAddress), kafka.bootstrapServers(), TOPICS).start(Duration.ofSeconds(30));
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
    void connect_whenAddressHasTheMaximumOfConnections_thenPahoIsClosedUntilOneEnds() throws Exception {
        MqttClient first = connect("limited-1");
        MqttClient second = connect("limited-2");
        try {
            assertThatThrownBy(() -> connect("limited-3")).isInstanceOf(MqttException.class);
            assertThat(edge.disconnector().count(Refusal.TOO_MANY_CONNECTIONS)).isEqualTo(1);
            assertThat(first.isConnected()).isTrue();
            assertThat(second.isConnected()).isTrue();

            disconnect(first);

            MqttClient[] fourth = new MqttClient[1];
            await().atMost(Duration.ofSeconds(10)).ignoreExceptionsInstanceOf(MqttException.class)
                    .until(() -> (fourth[0] = connect("limited-4")).isConnected());
            disconnect(fourth[0]);
        } finally {
            disconnect(first);
            disconnect(second);
        }
    }

    private static MqttClient connect(String deviceName) throws MqttException {
        return PahoDevices.connect(edge.port(), PK, deviceName, SECRET + deviceName);
    }

    private static void disconnect(MqttClient client) throws MqttException {
        PahoDevices.disconnect(client);
    }
}
