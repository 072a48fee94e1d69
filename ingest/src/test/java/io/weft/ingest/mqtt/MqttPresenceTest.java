package io.weft.ingest.mqtt;

import static io.weft.ingest.mqtt.EdgeHarness.DEVICE;
import static io.weft.ingest.mqtt.EdgeHarness.DN;
import static io.weft.ingest.mqtt.EdgeHarness.OTHER_DN;
import static io.weft.ingest.mqtt.EdgeHarness.PK;
import static io.weft.ingest.mqtt.EdgeHarness.SECRET;
import static io.weft.ingest.mqtt.EdgeHarness.connackCode;
import static io.weft.ingest.mqtt.EdgeHarness.signedConnect;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.weft.core.envelope.Presence;
import io.weft.core.envelope.Presence.State;
import io.weft.core.registry.DeviceEntry;
import io.weft.core.registry.RegistryEntry;
import org.junit.jupiter.api.Test;

/**
 * Presence on the edge's real pipeline: ONLINE once CONNACK 0 is sent, OFFLINE with the same epoch and the reason
 * when the connection ends for any reason; a takeover ends the old epoch and starts a larger one; a refused CONNECT
 * reports nothing; the {@link DeviceRevoker} ends the session of a disabled or deleted device at once.
 */
class MqttPresenceTest {
    private final EdgeHarness edge = new EdgeHarness();

    @Test
    void connect_thenOnlineAfterConnack_andDisconnect_thenOfflineWithTheSameEpoch() {
        try (MqttPeer device = edge.open()) {
            device.send(signedConnect(DN, SECRET, 60));
            assertThat(connackCode(device.received())).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
            assertThat(edge.presence).singleElement().satisfies(p -> {
                assertThat(p.state()).isEqualTo(State.ONLINE);
                assertThat(p.device()).isEqualTo(DEVICE);
                assertThat(p.edge()).isEqualTo("edge-1");
                assertThat(p.sessionEpoch()).isPositive();
                assertThat(p.reason()).isNull();
            });

            device.send(new MqttMessage(new MqttFixedHeader(MqttMessageType.DISCONNECT, false, MqttQoS.AT_MOST_ONCE,
                    false, 0)));

            assertThat(device.isOpen()).isFalse();
            assertThat(edge.presence).hasSize(2);
            Presence offline = edge.presence.get(1);
            assertThat(offline.state()).isEqualTo(State.OFFLINE);
            assertThat(offline.sessionEpoch()).isEqualTo(edge.presence.get(0).sessionEpoch());
            assertThat(offline.reason()).isEqualTo(Refusal.CLIENT_DISCONNECT.name());
        }
    }

    @Test
    void clientClosesSocketWithoutDisconnect_thenOfflineConnectionLost() {
        MqttPeer device = edge.connected();
        device.channel().close();
        device.close();

        assertThat(edge.presence).extracting(Presence::state).containsExactly(State.ONLINE, State.OFFLINE);
        assertThat(edge.presence.get(1).reason()).isEqualTo(MqttSessionHandler.CONNECTION_LOST);
    }

    @Test
    void takeover_thenOfflineOfTheOldEpoch_andOnlineOfALargerOne() {
        try (MqttPeer first = edge.connected(); MqttPeer second = edge.connected()) {
            assertThat(first.isOpen()).isFalse();

            long oldEpoch = edge.presence.get(0).sessionEpoch();
            long newEpoch = edge.presence.get(1).sessionEpoch();
            assertThat(newEpoch).isGreaterThan(oldEpoch);
            assertThat(edge.presence.get(1).state()).isEqualTo(State.ONLINE);
            assertThat(edge.presence.get(2)).satisfies(p -> {
                assertThat(p.state()).isEqualTo(State.OFFLINE);
                assertThat(p.sessionEpoch()).isEqualTo(oldEpoch);
                assertThat(p.reason()).isEqualTo(Refusal.SESSION_TAKEN_OVER.name());
            });
            assertThat(second.isOpen()).isTrue();
        }
    }

    @Test
    void refusedConnect_thenNoPresenceAtAll() {
        try (MqttPeer device = edge.open()) {
            device.send(signedConnect(DN, "not-the-secret", 60));
            device.received();
            assertThat(device.isOpen()).isFalse();
        }
        assertThat(edge.presence).isEmpty();
    }

    @Test
    void refusalAfterConnect_thenOfflineWithThatReason() {
        try (MqttPeer device = edge.connected()) {
            device.send(io.netty.handler.codec.mqtt.MqttMessageBuilders.publish()
                    .topicName("/sys/" + PK + "/" + OTHER_DN + "/thing/event/property/post")
                    .qos(MqttQoS.AT_MOST_ONCE).payload(io.netty.buffer.Unpooled.EMPTY_BUFFER).build());

            assertThat(device.isOpen()).isFalse();
            assertThat(edge.presence.get(1).reason()).isEqualTo(Refusal.PUBLISH_NOT_AUTHORIZED.name());
        }
    }

    @Test
    void deviceDisabledWhileConnected_thenSessionEndsAtOnce_andOfflineSaysWhy() {
        DeviceRevoker revoker = new DeviceRevoker(edge.sessions, edge.disconnector);
        try (MqttPeer device = edge.connected(); MqttPeer other = edge.connected(OTHER_DN, EdgeHarness.OTHER_SECRET)) {
            DeviceEntry disabled = new DeviceEntry(PK, DN, SECRET, false, 2L);
            edge.add(disabled);
            revoker.accept(disabled.key(), disabled);

            assertThat(device.isOpen()).isFalse();
            assertThat(other.isOpen()).as("another device of the product is not touched").isTrue();
            assertThat(edge.disconnector.count(Refusal.DEVICE_DISABLED_WHILE_CONNECTED)).isEqualTo(1);
            assertThat(edge.sessions.find(DEVICE)).isEmpty();
            assertThat(edge.presence).last().satisfies(p -> {
                assertThat(p.device()).isEqualTo(DEVICE);
                assertThat(p.state()).isEqualTo(State.OFFLINE);
                assertThat(p.reason()).isEqualTo(Refusal.DEVICE_DISABLED_WHILE_CONNECTED.name());
            });
        }
        try (MqttPeer again = edge.open()) {
            again.send(signedConnect(DN, SECRET, 60));
            assertThat(connackCode(again.received())).isEqualTo(MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED);
        }
    }

    @Test
    void deviceDeletedWhileConnected_thenSessionEndsAtOnce() {
        DeviceRevoker revoker = new DeviceRevoker(edge.sessions, edge.disconnector);
        try (MqttPeer device = edge.connected()) {
            edge.devices.remove(PK + "/" + DN);
            revoker.accept(RegistryEntry.deviceKey(PK, DN), null);

            assertThat(device.isOpen()).isFalse();
            assertThat(edge.presence).last().extracting(Presence::reason).isEqualTo(Refusal.DEVICE_DELETED.name());
        }
    }

    @Test
    void enabledEntryOrProductChange_thenSessionStays() {
        DeviceRevoker revoker = new DeviceRevoker(edge.sessions, edge.disconnector);
        try (MqttPeer device = edge.connected()) {
            DeviceEntry enabled = new DeviceEntry(PK, DN, SECRET, true, 2L);
            revoker.accept(enabled.key(), enabled);
            revoker.accept(RegistryEntry.productKey(PK), null);

            assertThat(device.isOpen()).isTrue();
        }
    }
}
