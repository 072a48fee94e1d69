package io.weft.ingest.mqtt;

import static io.weft.ingest.mqtt.EdgeHarness.DN;
import static io.weft.ingest.mqtt.EdgeHarness.OTHER_DN;
import static io.weft.ingest.mqtt.EdgeHarness.OTHER_SECRET;
import static io.weft.ingest.mqtt.EdgeHarness.PK;
import static io.weft.ingest.mqtt.EdgeHarness.SECRET;
import static io.weft.ingest.mqtt.EdgeHarness.connackCode;
import static io.weft.ingest.mqtt.EdgeHarness.connect;
import static io.weft.ingest.mqtt.EdgeHarness.signedConnect;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.weft.ingest.mqtt.limits.ConnectionLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The limits per address and per device through the edge's real pipeline, connections coming from set IP
 * addresses: the documented refusals of docs/errors.md, each counted by the {@link Disconnector}.
 */
class MqttLimitsTest {
    private static final String IP = "198.51.100.7";
    private static final String OTHER_IP = "198.51.100.8";
    private final List<MqttPeer> peers = new ArrayList<>();

    @AfterEach
    void closePeers() {
        peers.forEach(MqttPeer::close);
    }

    @Test
    void open_whenAddressHasMaxConnections_thenTheNextIsClosedBeforeAnyByteIsRead() {
        EdgeHarness edge = edge(new ConnectionLimits(3, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO));
        for (int i = 0; i < 3; i++) {
            MqttPeer admitted = open(edge, IP);
            assertThat(admitted.isOpen()).isTrue();
            assertThat(admitted.channel().pipeline().get(MqttPipeline.LIMITS)).as("admitted: the stage left").isNull();
        }

        MqttPeer fourth = open(edge, IP);

        assertThat(fourth.isOpen()).isFalse();
        assertThat(fourth.rawOutbound()).isEmpty();
        assertThat(Disconnector.reasonOf(fourth.channel())).isEqualTo(Refusal.TOO_MANY_CONNECTIONS);
        assertThat(edge.disconnector.count(Refusal.TOO_MANY_CONNECTIONS)).isEqualTo(1);
        assertThat(open(edge, OTHER_IP).isOpen()).as("another address is not limited").isTrue();
    }

    @Test
    void open_whenAConnectionOfAFullAddressCloses_thenItsSlotIsFreed() {
        EdgeHarness edge = edge(new ConnectionLimits(1, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO));
        MqttPeer first = open(edge, IP);
        first.send(signedConnect(DN, SECRET, 60));
        assertThat(connackCode(first.received())).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        assertThat(open(edge, IP).isOpen()).isFalse();

        first.channel().close();

        MqttPeer again = open(edge, IP);
        again.send(signedConnect(DN, SECRET, 60));
        assertThat(connackCode(again.received())).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
    }

    @Test
    void open_whenConnectingFasterThanTheRate_thenClosedUntilTokensRefill() {
        EdgeHarness edge = edge(new ConnectionLimits(0, 10, 2, 0, 0, Duration.ZERO, Duration.ZERO, Duration.ZERO));
        assertThat(open(edge, IP).isOpen()).isTrue();
        assertThat(open(edge, IP).isOpen()).isTrue();

        MqttPeer third = open(edge, IP);
        assertThat(third.isOpen()).isFalse();
        assertThat(Disconnector.reasonOf(third.channel())).isEqualTo(Refusal.CONNECT_RATE_EXCEEDED);
        assertThat(edge.disconnector.count(Refusal.CONNECT_RATE_EXCEEDED)).isEqualTo(1);

        edge.advance(Duration.ofMillis(100));
        assertThat(open(edge, IP).isOpen()).isTrue();
        assertThat(open(edge, IP).isOpen()).isFalse();
    }

    @Test
    void connect_whenAddressFailedAuthenticationNTimes_thenEvenCorrectCredentialsRefusedDuringTheCoolDown() {
        EdgeHarness edge = edge(new ConnectionLimits(0, 0, 0, 3, 0, Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ZERO));
        for (int i = 0; i < 3; i++) {
            assertThat(connectFrom(edge, IP, signedConnect(DN, "guess-" + i, 60)))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
        }

        assertThat(connectFrom(edge, IP, signedConnect(DN, SECRET, 60)))
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
        assertThat(connectFrom(edge, IP, signedConnect(OTHER_DN, OTHER_SECRET, 60)))
                .as("any device from that address").isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
        assertThat(connectFrom(edge, OTHER_IP, signedConnect(DN, SECRET, 60)))
                .as("other addresses are not locked out").isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        assertThat(edge.disconnector.count(Refusal.BAD_CREDENTIALS)).isEqualTo(3);
        assertThat(edge.disconnector.count(Refusal.AUTH_LOCKED_OUT_ADDRESS)).isEqualTo(2);

        edge.advance(Duration.ofMinutes(5));
        assertThat(connectFrom(edge, IP, signedConnect(DN, SECRET, 60)))
                .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
    }

    @Test
    void connect_whenDeviceSecretGuessedFromManyAddresses_thenThatDeviceIsRefusedEverywhereDuringTheCoolDown() {
        EdgeHarness edge = edge(new ConnectionLimits(0, 0, 0, 0, 2, Duration.ofMinutes(1), Duration.ZERO,
                Duration.ofMinutes(1)));
        connectFrom(edge, "203.0.113.1", signedConnect(DN, "guess-1", 60));
        connectFrom(edge, "203.0.113.2", signedConnect(DN, "guess-2", 60));

        assertThat(connectFrom(edge, "203.0.113.3", signedConnect(DN, SECRET, 60)))
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
        assertThat(edge.disconnector.count(Refusal.AUTH_LOCKED_OUT_DEVICE)).isEqualTo(1);
        assertThat(connectFrom(edge, "203.0.113.3", signedConnect(OTHER_DN, OTHER_SECRET, 60)))
                .as("other devices are not locked out").isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);

        edge.advance(Duration.ofMinutes(1));
        assertThat(connectFrom(edge, "203.0.113.3", signedConnect(DN, SECRET, 60)))
                .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
    }

    @Test
    void connect_whenSuccessfulAuthentications_thenNothingCountsTowardsTheLockout() {
        EdgeHarness edge = edge(new ConnectionLimits(0, 0, 0, 2, 2, Duration.ofMinutes(1), Duration.ofMinutes(5),
                Duration.ofMinutes(1)));
        for (int i = 0; i < 10; i++) {
            assertThat(connectFrom(edge, IP, signedConnect(DN, SECRET, 60)))
                    .isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        }
        assertThat(connectFrom(edge, IP, connect(PK + "." + DN, "no-such&" + PK, "x", 60)))
                .isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
        assertThat(connectFrom(edge, IP, signedConnect(DN, SECRET, 60)))
                .as("one failure, not two").isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
    }

    @Test
    void open_whenDefaultLimits_thenConnectionsWithoutAnIpAddressAreNotLimited() {
        EdgeHarness edge = new EdgeHarness();
        assertThat(edge.context.config().limits()).isEqualTo(ConnectionLimits.defaults());
        for (int i = 0; i < 25; i++) {
            assertThat(edge.connected().isOpen()).isTrue();
        }
    }

    private static EdgeHarness edge(ConnectionLimits limits) {
        return new EdgeHarness(MqttEdgeConfig.defaults(0).withLimits(limits), true);
    }

    private MqttPeer open(EdgeHarness edge, String ip) {
        MqttPeer peer = edge.openFrom(ip);
        peers.add(peer);
        return peer;
    }

    /** The CONNACK code a CONNECT from {@code ip} gets, on a new connection. */
    private MqttConnectReturnCode connectFrom(EdgeHarness edge, String ip,
                                              io.netty.handler.codec.mqtt.MqttConnectMessage connect) {
        MqttPeer peer = open(edge, ip);
        peer.send(connect);
        return connackCode(peer.received());
    }
}
