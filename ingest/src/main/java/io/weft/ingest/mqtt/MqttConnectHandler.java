package io.weft.ingest.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.mqtt.MqttConnectMessage;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttIdentifierRejectedException;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttMessageBuilders;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttUnacceptableProtocolVersionException;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.weft.ingest.acl.TopicFilters;
import io.weft.ingest.auth.AuthResult;
import io.weft.ingest.mqtt.open.OpenMode;
import io.weft.ingest.mqtt.session.StoredSession;
import io.weft.ingest.mqtt.transport.PeerCertificates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The connect barrier: the first packet must be a CONNECT (MQTT 3.1, 3.1.1 or 5.0), from an address and for a
 * device not locked out for failed authentications (see {@link io.weft.ingest.mqtt.limits.EdgeLimits}),
 * authenticated by the client certificate TLS verified or else by Alibaba's signature; on an open-mode listener,
 * admitted by its {@link OpenMode} instead. On success the session handler replaces this one, the keepalive timer
 * replaces the connect timer, and once CONNACK 0 is sent a device's session is reported ONLINE. A persistent session
 * resumes what was stored of it ({@link SessionResumer}); when it takes over a live persistent session of the same
 * client, it waits for that one to end and store itself first.
 */
final class MqttConnectHandler extends ChannelInboundHandlerAdapter {
    static final int MIN_KEEPALIVE = 30;
    static final int MAX_KEEPALIVE = 1200;

    private final MqttEdgeContext edge;
    private final OpenMode open;
    /** Non-null while the CONNECT waits for the session it takes over to end: packets that came after it. */
    private List<Object> waiting;

    /** {@code open} null on a device listener, else the listener's open mode (see {@link OpenMode}). */
    MqttConnectHandler(MqttEdgeContext edge, OpenMode open) {
        this.edge = edge;
        this.open = open;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (waiting != null) {
            // Packets the client sent right after its CONNECT, while the session it takes over ends: kept, then
            // handed to the session handler once it is in place.
            waiting.add(msg);
            return;
        }
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
                        : Refusal.ofDecoderFailure(cause, ClientOptions.speaksMqtt5(ctx.channel()));
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
        if (version != 3 && version != 4 && version != 5) {
            edge.disconnector().refuse(ctx.channel(), Refusal.UNSUPPORTED_PROTOCOL, clientId);
            return;
        }
        ClientOptions options = ClientOptions.of(connect);
        options.attachTo(ctx.channel());
        if (options.violatesProtocol()) {
            edge.disconnector().refuse(ctx.channel(), Refusal.PROTOCOL_ERROR, clientId);
            return;
        }
        if (options.mqtt5() && connect.variableHeader().properties()
                .getProperty(MqttProperties.MqttPropertyType.AUTHENTICATION_METHOD.value()) != null) {
            edge.disconnector().refuse(ctx.channel(), Refusal.BAD_AUTHENTICATION_METHOD, clientId);
            return;
        }
        if (open == null && edge.registrar().handles(connect)) {
            // Dynamic registration with the product secret (device listeners only): no session, no keepalive
            // check (as on Alibaba).
            edge.registrar().register(ctx, connect);
            return;
        }
        int keepAlive = connect.variableHeader().keepAliveTimeSeconds();
        boolean assigned = false;
        if (open != null && clientId.isEmpty()) {
            if (!connect.variableHeader().isCleanSession() && !options.mqtt5()) {
                edge.disconnector().refuse(ctx.channel(), Refusal.IDENTIFIER_REJECTED, "(empty, persistent)");
                return;
            }
            clientId = "weft-" + UUID.randomUUID();
            assigned = true;
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
                    : edge.acl().mayPublish(auth.identity(), willTopic).isPresent();
            if (!TopicFilters.validTopicName(willTopic) || !allowed) {
                edge.disconnector().refuse(ctx.channel(), Refusal.WILL_NOT_AUTHORIZED, clientId);
                return;
            }
            will = new MqttSession.Will(willTopic, connect.payload().willMessageInBytes(),
                    connect.variableHeader().willQos(), connect.variableHeader().isWillRetain());
        }
        SessionResumer.Decision decision = SessionResumer.decide(options, edge.config().sessions(),
                edge.persistence().keepsSessions());
        Accepted accepted = new Accepted(auth, clientId, assigned, keepAlive, options, decision, will);
        Optional<MqttSession> previous = edge.sessions().find(auth.identity());
        if (previous.isPresent() && !decision.discard() && previous.get().persistent()) {
            // Resume what the connection being taken over leaves: wait until it has ended and stored its session.
            MqttSession old = previous.get();
            ctx.channel().config().setAutoRead(false);
            waiting = new ArrayList<>();
            old.channel().eventLoop().execute(() ->
                    edge.disconnector().refuse(old.channel(), Refusal.SESSION_TAKEN_OVER, old.clientId()));
            old.ended().whenComplete((stored, error) -> ctx.executor().execute(() -> {
                List<Object> early = waiting;
                waiting = null;
                if (ctx.channel().isActive()) {
                    ctx.channel().config().setAutoRead(true);
                    accept(ctx, accepted);
                }
                boolean inSession = ctx.channel().isActive() && ctx.pipeline().get(MqttPipeline.SESSION) != null;
                for (Object m : early) {
                    if (inSession) {
                        ctx.pipeline().fireChannelRead(m);
                    } else {
                        ReferenceCountUtil.release(m);
                    }
                }
            }));
            return;
        }
        accept(ctx, accepted);
    }

    /** What a CONNECT that passed every check asks for. */
    private record Accepted(AuthResult auth, String clientId, boolean assignedClientId, int keepAlive,
                            ClientOptions options,
                            SessionResumer.Decision decision, MqttSession.Will will) {
    }

    private void accept(ChannelHandlerContext ctx, Accepted accepted) {
        AuthResult auth = accepted.auth();
        String clientId = accepted.clientId();
        long now = System.currentTimeMillis();
        SessionResumer resumer = new SessionResumer(edge);
        Optional<StoredSession> stored = resumer.take(auth.identity().key(), accepted.decision(), now);
        MqttSession session = new MqttSession(ctx.channel(), auth.identity(), clientId, edge.messageIds().next(),
                accepted.options(), edge.config().downlinkQueuePerSession(), edge.disconnector(),
                accepted.decision().persistent(), accepted.decision().expirySeconds(), accepted.will());
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
        Disconnector.markAccepted(ctx.channel());
        ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(stored.isPresent())
                .properties(accepted.options().mqtt5()
                        ? serverProperties(accepted.assignedClientId() ? clientId : null)
                        : MqttProperties.NO_PROPERTIES).build());
        if (session.persistent()) {
            resumer.resume(ctx, session, stored, now);
        }
        if (open == null) {
            edge.presence().publish(session.online(edge.config().edgeId()));
        }
    }

    /**
     * What an MQTT 5 client learns of the edge in CONNACK: Receive Maximum (the edge's in-flight limit per
     * connection), Topic Alias Maximum, Maximum Packet Size (the decoder's limit), and which features are available.
     * Maximum QoS is left out, which means QoS 2: the property may only say 0 or 1 [MQTT 5.0, 3.2.2.3.4]. An open-mode
     * client that sent an empty client id learns the one the edge gave it (Assigned Client Identifier).
     */
    private MqttProperties serverProperties(String assignedClientId) {
        MqttMessageBuilders.ConnAckPropertiesBuilder properties = new MqttMessageBuilders.ConnAckPropertiesBuilder();
        if (assignedClientId != null) {
            properties.assignedClientId(assignedClientId);
        }
        return properties
                .receiveMaximum(edge.config().receiveMaximum())
                .topicAliasMaximum(edge.config().topicAliasMaximum())
                .maximumPacketSize(edge.config().maxMessageBytes())
                .retainAvailable(edge.persistence().keepsSessions())
                .wildcardSubscriptionAvailable(true)
                .sharedSubscriptionAvailable(false)
                .subscriptionIdentifiersAvailable(false)
                .build();
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
    public void channelInactive(ChannelHandlerContext ctx) {
        if (waiting != null) {
            waiting.forEach(ReferenceCountUtil::release);
            waiting.clear();
        }
        ctx.fireChannelInactive();
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
