package io.weft.ingest.mqtt;

import io.weft.core.envelope.MessageIds;
import io.weft.ingest.acl.TopicAcl;
import io.weft.ingest.auth.DeviceAuthenticator;
import io.weft.ingest.mqtt.limits.EdgeLimits;
import io.weft.ingest.mqtt.open.SandboxSink;
import io.weft.ingest.mqtt.session.SessionPersistence;
import io.weft.ingest.mqtt.registration.Registrar;
import io.weft.ingest.presence.PresenceSink;
import io.weft.ingest.reply.ReplySink;
import io.weft.ingest.uplink.UplinkSink;

/**
 * What every connection's handlers share: configuration and the edge-wide services, and {@link KafkaAcks}, which
 * hands Kafka's acknowledgements back to the event loops. Tests build one directly.
 */
public record MqttEdgeContext(MqttEdgeConfig config, DeviceAuthenticator authenticator, UplinkSink uplinks,
                              ReplySink replies, SessionRegistry sessions, Disconnector disconnector,
                              MessageIds messageIds, PresenceSink presence,
                              EdgeLimits limits, SessionPersistence persistence, SandboxSink sandbox,
                              TopicAcl acl, Registrar registrar, KafkaAcks acks) {

    /** With a fresh {@link KafkaAcks}. */
    public MqttEdgeContext(MqttEdgeConfig config, DeviceAuthenticator authenticator, UplinkSink uplinks,
                           ReplySink replies, SessionRegistry sessions, Disconnector disconnector,
                           MessageIds messageIds, PresenceSink presence,
                           EdgeLimits limits, SessionPersistence persistence, SandboxSink sandbox,
                           TopicAcl acl, Registrar registrar) {
        this(config, authenticator, uplinks, replies, sessions, disconnector, messageIds, presence, limits,
                persistence, sandbox, acl, registrar, new KafkaAcks());
    }
}
