package io.weft.ingest.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.weft.ingest.auth.AuthResult;
import io.weft.ingest.acl.TopicAcl;
import io.weft.ingest.acl.TopicFilters;
import io.weft.ingest.mqtt.open.OpenMode;
import io.weft.ingest.mqtt.session.OfflineReplay;
import io.weft.ingest.mqtt.session.PositionedDownlink;
import io.weft.ingest.mqtt.session.StoredSession;
import io.weft.ingest.mqtt.transport.PeerCertificates;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connect barrier: the first packet must be a CONNECT, from an address and for a device not locked out for
 * failed authentications (see {@link io.weft.ingest.mqtt.limits.EdgeLimits}), authenticated by the client certificate TLS verified or
 * else by Alibaba's signature. On success the session handler replaces this one, the keepalive timer replaces the
 * connect timer, and once CONNACK 0 is sent the session is reported ONLINE.
 */
final class MqttConnectHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(MqttConnectHandler.class);
    static final int MIN_KEEPALIVE = 30;
    static final int MAX_KEEPALIVE = 1200;

    private final MqttEdgeContext edge;
    private final OpenMode open;

    /** {@code open} null on a device listener, else the listener's open mode (see {@link OpenMode}). */
    MqttConnectHandler(MqttEdgeContext edge, OpenMode open) {
        this.edge = edge;
        this.open = open;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (!(msg instanceof MqttMessage message)) {
                edge.disconnector().refuse(ctx.channel(), Refusal.MALFORMED_PACKET, "?");
                return;
            }
            if (message.decoderResult().isFailure()) {
                Throwable cause = message.decoderResult().cause();
                Refusal refusal = cause instanceof MqttUnacceptableProtocolVersionException
                        ? Refusal.UNSUPPORTED_PROTOCOL
                        : cause instanceof MqttIdentifierRejectedException ? Refusal.IDENTIFIER_REJECTED
                        : Refusal.MALFORMED_PACKET;
                edge.disconnector().refuse(ctx.channel(), refusal, "?");
                return;
            }
            if (message.fixedHeader().messageType() != MqttMessageType.CONNECT) {
                edge.disconnector().refuse(ctx.channel(), Refusal.PACKET_BEFORE_CONNECT, "?");
                return;
            }
            connect(ctx, (MqttConnectMessage) message);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    private void connect(ChannelHandlerContext ctx, MqttConnectMessage connect) {
        String clientId = connect.payload().clientIdentifier();
        int version = connect.variableHeader().version();
        if (version == 5) {
            edge.disconnector().refuse(ctx.channel(), Refusal.UNSUPPORTED_PROTOCOL_V5, clientId);
            return;
        }
        if (version != 3 && version != 4) {
            edge.disconnector().refuse(ctx.channel(), Refusal.UNSUPPORTED_PROTOCOL, clientId);
            return;
        }
        if (open == null && edge.registrar().handles(connect)) {
            // Dynamic registration with the product secret (device listeners only): no session, no keepalive
            // check (as on Alibaba).
            edge.registrar().register(ctx, connect);
            return;
        }
        int keepAlive = connect.variableHeader().keepAliveTimeSeconds();
        if (open != null && clientId.isEmpty()) {
            if (!connect.variableHeader().isCleanSession()) {
                edge.disconnector().refuse(ctx.channel(), Refusal.IDENTIFIER_REJECTED, "(empty, persistent)");
                return;
            }
            clientId = "weft-" + java.util.UUID.randomUUID();
        }
        if (open == null && (keepAlive < MIN_KEEPALIVE || keepAlive > MAX_KEEPALIVE)) {
            edge.disconnector().refuse(ctx.channel(), Refusal.KEEPALIVE_OUT_OF_RANGE, clientId);
            return;
        }
        Refusal lockedOut = edge.limits().lockedOut(ctx.channel(), connect.payload().userName());
        if (lockedOut != null) {
            edge.disconnector().refuse(ctx.channel(), lockedOut, clientId);
            return;
        }
        AuthResult auth = open != null ? admit(connect, clientId) : authenticate(ctx, connect);
        edge.limits().authenticated(ctx.channel(), auth);
        if (!auth.accepted()) {
            Refusal refusal = switch (auth.outcome()) {
                case NOT_READY -> Refusal.SERVER_NOT_READY;
                case DISABLED -> Refusal.DEVICE_DISABLED;
                case CERTIFICATE_MISMATCH -> Refusal.CERTIFICATE_MISMATCH;
                case ANONYMOUS_NOT_ALLOWED -> Refusal.ANONYMOUS_NOT_ALLOWED;
                case TIMESTAMP_OUT_OF_WINDOW -> Refusal.TIMESTAMP_OUT_OF_WINDOW;
                default -> Refusal.BAD_CREDENTIALS;
            };
            edge.disconnector().refuse(ctx.channel(), refusal, clientId + " " + auth.outcome());
            return;
        }
        MqttSession.Will will = null;
        if (connect.variableHeader().isWillFlag()) {
            String willTopic = connect.payload().willTopic();
            boolean allowed = open != null ? OpenMode.publishable(willTopic)
                    : TopicAcl.mayPublish(auth.identity(), willTopic).isPresent();
            if (!TopicFilters.validTopicName(willTopic) || !allowed) {
                edge.disconnector().refuse(ctx.channel(), Refusal.WILL_NOT_AUTHORIZED, clientId);
                return;
            }
            will = new MqttSession.Will(willTopic, connect.payload().willMessageInBytes(),
                    connect.variableHeader().willQos(), connect.variableHeader().isWillRetain());
        }
        boolean clean = connect.variableHeader().isCleanSession() || !edge.persistence().keepsSessions();
        Accepted accepted = new Accepted(auth, clientId, keepAlive, clean, will);
        Optional<MqttSession> previous = edge.sessions().find(auth.identity());
        if (previous.isPresent() && !clean && previous.get().persistent()) {
            // Resume what the connection being taken over leaves: wait until it has ended and stored its session.
            MqttSession old = previous.get();
            ctx.channel().config().setAutoRead(false);
            old.channel().eventLoop().execute(() ->
                    edge.disconnector().refuse(old.channel(), Refusal.SESSION_TAKEN_OVER, old.clientId()));
            old.ended().whenComplete((stored, error) -> ctx.executor().execute(() -> {
                if (ctx.channel().isActive()) {
                    ctx.channel().config().setAutoRead(true);
                    accept(ctx, accepted);
                }
            }));
            return;
        }
        accept(ctx, accepted);
    }

    /** What a CONNECT that passed every check asks for. */
    private record Accepted(AuthResult auth, String clientId, int keepAlive, boolean clean, MqttSession.Will will) {
    }

    private void accept(ChannelHandlerContext ctx, Accepted accepted) {
        AuthResult auth = accepted.auth();
        String clientId = accepted.clientId();
        String key = auth.identity().key();
        Optional<StoredSession> stored = edge.persistence().resumable(key);
        long now = System.currentTimeMillis();
        if (accepted.clean() && stored.isPresent()) {
            edge.persistence().save(stored.get().end(edge.persistence().nextVersion(), now, edge.config().edgeId()));
            stored = Optional.empty();
        }
        MqttSession session = new MqttSession(ctx.channel(), auth.identity(), clientId, edge.messageIds().next(),
                !accepted.clean(), edge.config().sessions().expirySeconds(), accepted.will());
        edge.sessions().register(session).ifPresent(old ->
                old.channel().eventLoop().execute(() ->
                        edge.disconnector().refuse(old.channel(), Refusal.SESSION_TAKEN_OVER, old.clientId())));
        if (open == null && !edge.authenticator().stillAdmitted(auth.identity())) {
            // Disabled or deleted between the check and the registration: the registry listener may have looked
            // for this session before it was registered, so look again now that it is.
            edge.sessions().unregister(session);
            edge.disconnector().refuse(ctx.channel(), Refusal.DEVICE_DISABLED, clientId + " changed while connecting");
            return;
        }
        long keepAliveMs = accepted.keepAlive() * 1500L; // 0: no keepalive (open mode only)
        ctx.pipeline().replace(MqttPipeline.TIMEOUT, MqttPipeline.TIMEOUT,
                new IdleStateHandler(keepAliveMs, 0, 0, TimeUnit.MILLISECONDS));
        ctx.pipeline().replace(this, MqttPipeline.SESSION, new MqttSessionHandler(edge, session));
        ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(stored.isPresent()).build());
        if (session.persistent()) {
            resume(ctx, session, stored, now);
        }
        if (open == null) {
            edge.presence().publish(session.online(edge.config().edgeId()));
        }
    }

    /**
     * A persistent session: a new one starts its queue where live delivery is now; a stored one gets its
     * subscriptions back and its queue replayed from where it stopped (after CONNACK, which is already written).
     * The session is stored as connected either way, so a crash of this edge leaves it resumable.
     */
    private void resume(ChannelHandlerContext ctx, MqttSession session, Optional<StoredSession> stored, long now) {
        String key = session.device().key();
        Map<Integer, Long> queueStart = edge.persistence().queueStart(key);
        if (stored.isEmpty()) {
            session.startQueue(queueStart);
        } else {
            StoredSession s = stored.get();
            Map<Integer, Long> resumeOffsets = s.resumeOffsets().isEmpty() ? queueStart : s.resumeOffsets();
            session.restore(s, resumeOffsets);
            Map<Integer, Long> from = new HashMap<>(resumeOffsets);
            Set<Long> inflight = new HashSet<>();
            for (StoredSession.Inflight i : s.inflight()) {
                from.merge(i.partition(), i.offset(), Math::min);
                inflight.add(i.offset());
            }
            Map<String, Integer> filters = new HashMap<>();
            s.subscriptions().forEach(sub -> filters.put(sub.filter(), sub.qos()));
            session.beginReplay();
            edge.persistence().replay(key, from, p -> inflight.contains(p.offset())
                            || queued(p, session, filters), edge.config().sessions().maxQueued())
                    .whenComplete((replayed, error) -> ctx.executor().execute(() -> {
                        if (error != null) {
                            LOG.warn("{}: offline queue not replayed", session.clientId(), error);
                            session.finishReplay(new OfflineReplay.Replayed(List.of(), Map.of(), 0), resumeOffsets);
                        } else {
                            if (replayed.dropped() > 0) {
                                LOG.info("{}: {} queued downlinks dropped beyond the queue limit",
                                        session.clientId(), replayed.dropped());
                            }
                            session.finishReplay(replayed, resumeOffsets);
                        }
                    }));
        }
        edge.persistence().save(session.snapshot(edge.config().edgeId(), true, edge.persistence().nextVersion(), now));
    }

    /**
     * A downlink the offline queue keeps: for this device (for a sandbox client: any sandbox message), on a
     * subscribed topic, at QoS 1 or more.
     */
    private static boolean queued(PositionedDownlink p, MqttSession session, Map<String, Integer> filters) {
        boolean mine = OpenMode.contains(session.device())
                ? p.downlink().broadcast() && OpenMode.NAMESPACE.equals(p.downlink().productKey())
                : !p.downlink().broadcast() && p.downlink().device().equals(session.device());
        if (!mine || p.downlink().qos() < 1) {
            return false;
        }
        for (Map.Entry<String, Integer> f : filters.entrySet()) {
            if (f.getValue() >= 1 && TopicFilters.matches(f.getKey(), p.downlink().topic())) {
                return true;
            }
        }
        return false;
    }

    /** Open mode: by the listener's users, or as an anonymous client; the session is the client id's. */
    private AuthResult admit(MqttConnectMessage connect, String clientId) {
        return switch (open.admit(connect.payload().userName(), connect.payload().passwordInBytes())) {
            case ADMITTED -> AuthResult.accepted(OpenMode.identity(clientId));
            case NOT_AUTHORIZED -> AuthResult.refused(AuthResult.Outcome.ANONYMOUS_NOT_ALLOWED, null);
            case BAD_CREDENTIALS -> AuthResult.refused(AuthResult.Outcome.BAD_PASSWORD, null);
        };
    }

    /** By the client certificate if TLS verified one, else by Alibaba's signature in the password. */
    private AuthResult authenticate(ChannelHandlerContext ctx, MqttConnectMessage connect) {
        String username = connect.payload().userName();
        return PeerCertificates.clientCertificate(ctx.channel())
                .map(certificate -> edge.authenticator().authenticate(certificate, username))
                .orElseGet(() -> edge.authenticator().authenticate(connect.payload().clientIdentifier(), username,
                        connect.payload().passwordInBytes()));
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof io.netty.handler.timeout.IdleStateEvent) {
            edge.disconnector().refuse(ctx.channel(), Refusal.CONNECT_TIMEOUT, "?");
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }
}
