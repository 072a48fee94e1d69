package io.weft.ingest.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import io.weft.ingest.mqtt.limits.ConnectionLimiter;
import io.weft.ingest.mqtt.open.OpenMode;
import io.weft.ingest.mqtt.transport.TransportFront;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The named pipeline stages of an MQTT connection: limits (connect rate and connections per address, checked when
 * the connection becomes active, before TLS; see {@link ConnectionLimiter}) → the listener's transport front (TLS, WebSocket; see
 * {@link TransportFront}) → timeout (connect, then keepalive) → decoder → encoder → connect barrier (replaced by the
 * session handler after CONNACK) → one exception handler last.
 */
public final class MqttPipeline extends ChannelInitializer<Channel> {
    static final String LIMITS = "limits";
    static final String TIMEOUT = "timeout";
    static final String DECODER = "decoder";
    static final String ENCODER = "encoder";
    static final String CONNECT = "connect";
    static final String SESSION = "session";
    static final String EXCEPTIONS = "exceptions";

    private final MqttEdgeContext edge;
    private final TransportFront front;
    private final OpenMode open;

    /** MQTT over plain TCP, for devices. */
    public MqttPipeline(MqttEdgeContext edge) {
        this(edge, TransportFront.plainTcp(), null);
    }

    /** {@code open} null for devices, else the listener's {@link OpenMode}. */
    public MqttPipeline(MqttEdgeContext edge, TransportFront front, OpenMode open) {
        this.edge = edge;
        this.front = front;
        this.open = open;
    }

    @Override
    protected void initChannel(Channel channel) {
        channel.pipeline().addLast(LIMITS, new ConnectionLimiter(edge.limits(), edge.disconnector()));
        front.install(channel.pipeline());
        channel.pipeline()
                .addLast(TIMEOUT, new IdleStateHandler(edge.config().connectTimeoutMs(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast(DECODER, new MqttDecoder(edge.config().maxMessageBytes()))
                .addLast(ENCODER, MqttEncoder.INSTANCE)
                .addLast(CONNECT, new MqttConnectHandler(edge, open))
                .addLast(EXCEPTIONS, new ExceptionHandler(edge.disconnector()));
    }

    /** Last in the pipeline: an exception anywhere ends the connection through the disconnector. */
    static final class ExceptionHandler extends ChannelInboundHandlerAdapter {
        private static final Logger LOG = LoggerFactory.getLogger(ExceptionHandler.class);
        private final Disconnector disconnector;

        ExceptionHandler(Disconnector disconnector) {
            this.disconnector = disconnector;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("exception on {}", ctx.channel().remoteAddress(), cause);
            disconnector.refuse(ctx.channel(), isTls(cause) ? Refusal.TLS_FAILED : Refusal.MALFORMED_PACKET,
                    "?");
        }

        private static boolean isTls(Throwable cause) {
            for (Throwable t = cause; t != null; t = t.getCause()) {
                if (t instanceof SSLException) {
                    return true;
                }
            }
            return false;
        }
    }
}
