package io.weft.ingest.mqtt;

import io.weft.core.envelope.MessageIds;
import io.weft.ingest.auth.DeviceAuthenticator;
import io.weft.ingest.uplink.UplinkPublisher;

/** What every connection's handlers share: configuration and the edge-wide services. */
record MqttEdgeContext(MqttEdgeConfig config, DeviceAuthenticator authenticator, UplinkPublisher uplinks,
                       SessionRegistry sessions, Disconnector disconnector, MessageIds messageIds) {
}
