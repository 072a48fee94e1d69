package io.weft.ingest.mqtt;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A scripted MQTT 3.1.1 peer over a real TCP socket, for protocol states a client library hides: it sends exactly the
 * packets a test gives it (encoded by Netty's MqttEncoder) and returns what the edge sends, decoded, one at a time.
 * With it a test can leave a downlink unacknowledged and then drop the connection.
 */
final class SocketPeer implements AutoCloseable {
    private final Socket socket;
    private final EmbeddedChannel decoder = new EmbeddedChannel(new MqttDecoder());
    private final Deque<MqttMessage> received = new ArrayDeque<>();

    SocketPeer(int port) throws IOException {
        this.socket = new Socket("127.0.0.1", port);
        this.socket.setSoTimeout(200);
    }

    void send(MqttMessage message) throws IOException {
        socket.getOutputStream().write(MqttPeer.encode(message));
        socket.getOutputStream().flush();
    }

    /** The next packet from the edge, waiting at most {@code timeoutMs}; null if none came. */
    MqttMessage next(long timeoutMs) throws IOException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        byte[] buffer = new byte[8192];
        InputStream in = socket.getInputStream();
        while (received.isEmpty() && System.currentTimeMillis() < deadline) {
            int n;
            try {
                n = in.read(buffer);
            } catch (SocketTimeoutException e) {
                continue;
            }
            if (n < 0) {
                break;
            }
            decoder.writeInbound(Unpooled.copiedBuffer(buffer, 0, n));
            for (Object o; (o = decoder.readInbound()) != null; ) {
                received.add((MqttMessage) o);
            }
        }
        return received.poll();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        received.forEach(ReferenceCountUtil::release);
        decoder.finishAndReleaseAll();
    }
}
