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
import io.weft.ingest.auth.DeviceAuthenticator;
import io.weft.ingest.mqtt.transport.PeerCertificates;
import java.util.concurrent.TimeUnit;

/**
 * The connect barrier: the first packet must be a CONNECT, from an address and for a device not locked out for
 * failed authentications (see {@link io.weft.ingest.mqtt.limits.EdgeLimits}), authenticated by the client certificate TLS verified or
 * else by Alibaba's signature. On success the session handler replaces this one, the keepalive timer replaces the
 * connect timer, and once CONNACK 0 is sent the session is reported ONLINE.
 */
final class MqttConnectHandler extends ChannelInboundHandlerAdapter {
    static final int MIN_KEEPALIVE = 30;
    static final int MAX_KEEPALIVE = 1200;

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
        if (edge.registrar().handles(connect)) {
            // Dynamic registration with the product secret: no session, no keepalive check (as on Alibaba).
            edge.registrar().register(ctx, connect);
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
                case TIMESTAMP_OUT_OF_WINDOW -> Refusal.TIMESTAMP_OUT_OF_WINDOW;
                default -> Refusal.BAD_CREDENTIALS;
            };
            edge.disconnector().refuse(ctx.channel(), refusal, clientId + " " + auth.outcome());
            return;
        }
        MqttSession session = new MqttSession(ctx.channel(), auth.identity(), clientId, edge.messageIds().next());
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
        ctx.writeAndFlush(MqttMessageBuilders.connAck().returnCode(MqttConnectReturnCode.CONNECTION_ACCEPTED)
                .sessionPresent(false).build());
        edge.presence().publish(session.online(edge.config().edgeId()));
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
