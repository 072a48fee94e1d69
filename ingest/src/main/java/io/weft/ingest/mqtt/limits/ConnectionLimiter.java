package io.weft.ingest.mqtt.limits;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.weft.ingest.mqtt.Disconnector;
import io.weft.ingest.mqtt.Refusal;
import java.net.InetAddress;

/**
 * The first stage of a connection: when it becomes active, before a TLS handshake or a byte is decoded, the edge's
 * connect rate and connections-per-address limits admit it or the {@link Disconnector} closes it. An admitted
 * connection is counted until it closes, and this stage leaves the pipeline.
 */
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
    private final EdgeLimits limits;
    private final Disconnector disconnector;

    public ConnectionLimiter(EdgeLimits limits, Disconnector disconnector) {
        this.limits = limits;
        this.disconnector = disconnector;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        InetAddress address = EdgeLimits.addressOf(ctx.channel());
        if (address != null) {
            Refusal refusal = limits.admit(address);
            if (refusal != null) {
                disconnector.refuse(ctx.channel(), refusal, address.getHostAddress());
                return;
            }
            ctx.channel().closeFuture().addListener(closed -> limits.closed(address));
        }
        ctx.pipeline().remove(this);
        ctx.fireChannelActive();
    }
}
