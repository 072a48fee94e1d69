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
import io.weft.ingest.auth.AuthResult;
import io.weft.ingest.auth.DeviceAuthenticator;
import io.weft.ingest.mqtt.transport.PeerCertificates;
import java.util.concurrent.TimeUnit;

/**
 * The connect barrier: the first packet must be a CONNECT (MQTT 3.1, 3.1.1 or 5.0), from an address and for a
 * device not locked out for failed authentications (see {@link io.weft.ingest.mqtt.limits.EdgeLimits}), authenticated by the client certificate TLS verified or
 * else by Alibaba's signature. On success the session handler replaces this one, the keepalive timer replaces the
 * connect timer, and once CONNACK 0 is sent the session is reported ONLINE.
 */
final class MqttConnectHandler extends ChannelInboundHandlerAdapter {
    static final int MIN_KEEPALIVE = 30;
    static final int MAX_KEEPALIVE = 1200;
    /** Retained messages are not kept yet: CONNACK says so to MQTT 5 clients. Flip when they are. */
    static final boolean RETAIN_AVAILABLE = false;

    private final MqttEdgeContext edge;

    MqttConnectHandler(MqttEdgeContext edge) {
        this.edge = edge;
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
        int keepAlive = connect.variableHeader().keepAliveTimeSeconds();
        if (keepAlive < MIN_KEEPALIVE || keepAlive > MAX_KEEPALIVE) {
            edge.disconnector().refuse(ctx.channel(), Refusal.KEEPALIVE_OUT_OF_RANGE, clientId);
            return;
        }
        Refusal lockedOut = edge.limits().lockedOut(ctx.channel(), connect.payload().userName());
        if (lockedOut != null) {
            edge.disconnector().refuse(ctx.channel(), lockedOut, clientId);
            return;
        }
        AuthResult auth = authenticate(ctx, connect);
        edge.limits().authenticated(ctx.channel(), auth);
        if (!auth.accepted()) {
            Refusal refusal = switch (auth.outcome()) {
                case NOT_READY -> Refusal.SERVER_NOT_READY;
                case DISABLED -> Refusal.DEVICE_DISABLED;
                case CERTIFICATE_MISMATCH -> Refusal.CERTIFICATE_MISMATCH;
                default -> Refusal.BAD_CREDENTIALS;
            };
            edge.disconnector().refuse(ctx.channel(), refusal, clientId + " " + auth.outcome());
            return;
        }
        MqttSession session = new MqttSession(ctx.channel(), auth.identity(), clientId, edge.messageIds().next(),
                options, edge.config().downlinkQueuePerSession(), edge.disconnector());
        edge.sessions().register(session).ifPresent(old ->
                old.channel().eventLoop().execute(() ->
                        edge.disconnector().refuse(old.channel(), Refusal.SESSION_TAKEN_OVER, old.clientId())));
        if (!edge.authenticator().stillAdmitted(auth.identity())) {
            // Disabled or deleted between the check and the registration: the registry listener may have looked
            // for this session before it was registered, so look again now that it is.
            edge.sessions().unregister(session);
            edge.disconnector().refuse(ctx.channel(), Refusal.DEVICE_DISABLED, clientId + " changed while connecting");
            return;
        }
        long keepAliveMs = keepAlive * 1500L;
        ctx.pipeline().replace(MqttPipeline.TIMEOUT, MqttPipeline.TIMEOUT,
                new IdleStateHandler(keepAliveMs, 0, 0, TimeUnit.MILLISECONDS));
        ctx.pipeline().replace(this, MqttPipeline.SESSION, new MqttSessionHandler(edge, session));
        Disconnector.markAccepted(ctx.channel());
        ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(false)
                .properties(options.mqtt5() ? serverProperties() : MqttProperties.NO_PROPERTIES).build());
        edge.presence().publish(session.online(edge.config().edgeId()));
    }

    /**
     * What an MQTT 5 client learns of the edge in CONNACK: Receive Maximum (the edge's in-flight limit per
     * connection), Topic Alias Maximum, Maximum Packet Size (the decoder's limit), and which features are available.
     * Maximum QoS is left out, which means QoS 2: the property may only say 0 or 1 [MQTT 5.0, 3.2.2.3.4]. Session
     * Present is 0: sessions end with the connection in this version.
     */
    private MqttProperties serverProperties() {
        return new MqttMessageBuilders.ConnAckPropertiesBuilder()
                .receiveMaximum(edge.config().receiveMaximum())
                .topicAliasMaximum(edge.config().topicAliasMaximum())
                .maximumPacketSize(edge.config().maxMessageBytes())
                .retainAvailable(RETAIN_AVAILABLE)
                .wildcardSubscriptionAvailable(true)
                .sharedSubscriptionAvailable(false)
                .subscriptionIdentifiersAvailable(false)
                .build();
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
