package io.weft.ingest.mqtt;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.Channel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The named pipeline stages of an MQTT connection: timeout (connect, then keepalive) → decoder → encoder →
 * connect barrier (replaced by the session handler after CONNACK) → one exception handler last.
 */
public final class MqttPipeline extends ChannelInitializer<Channel> {
    static final String TIMEOUT = "timeout";
    static final String DECODER = "decoder";
    static final String ENCODER = "encoder";
    static final String CONNECT = "connect";
    static final String SESSION = "session";
    static final String EXCEPTIONS = "exceptions";

    private final MqttEdgeContext edge;

    public MqttPipeline(MqttEdgeContext edge) {
        this.edge = edge;
    }

    @Override
    protected void initChannel(Channel channel) {
        channel.pipeline()
                .addLast(TIMEOUT, new IdleStateHandler(edge.config().connectTimeoutMs(), 0, 0, TimeUnit.MILLISECONDS))
                .addLast(DECODER, new MqttDecoder(edge.config().maxMessageBytes()))
                .addLast(ENCODER, MqttEncoder.INSTANCE)
                .addLast(CONNECT, new MqttConnectHandler(edge))
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
            disconnector.refuse(ctx.channel(), Refusal.MALFORMED_PACKET, "?");
        }
    }
}
