package io.weft.ingest.mqtt;

import io.netty.channel.ChannelHandler;
import io.netty.channel.DefaultChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.SocketAddress;

/**
 * An {@link EmbeddedChannel} whose peer has a real address, as an accepted socket's has. It is registered only
 * after the address is set, so the handlers see the address when the channel becomes active.
 */
final class RemoteChannel extends EmbeddedChannel {
    private SocketAddress remote;

    private RemoteChannel(ChannelHandler... handlers) {
        super(DefaultChannelId.newInstance(), false, false, handlers);
    }

    static RemoteChannel from(SocketAddress remote, ChannelHandler... handlers) {
        RemoteChannel channel = new RemoteChannel(handlers);
        channel.remote = remote;
        try {
            channel.register();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return channel;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return remote;
    }
}
