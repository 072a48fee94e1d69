package io.weft.ingest.mqtt;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.util.ReferenceCountUtil;
import io.weft.ingest.mqtt.transport.TransportFront;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket front on the edge's real pipeline ({@link EmbeddedChannel}, no sockets): the upgrade on
 * {@code /mqtt} with subprotocol {@code mqtt}, MQTT packets that span binary frames, answers in binary frames; a
 * wrong path or a text frame ends the connection through the {@link Disconnector}.
 */
class WebSocketFrontTest {
    private final EdgeHarness edge = new EdgeHarness();
    private final EmbeddedChannel channel = new EmbeddedChannel(new MqttPipeline(edge.context,
            new TransportFront(MqttListener.Kind.WS, null, 256 * 1024, 10_000), null));

    @AfterEach
    void release() {
        channel.finishAndReleaseAll();
    }

    @Test
    void upgrade_whenMqttPathWithQueryAndMqttSubprotocol_thenSwitchingProtocolsWithMqtt() {
        String response = upgrade("/mqtt?sdk=js");

        assertThat(response).startsWith("HTTP/1.1 101 Switching Protocols")
                .containsIgnoringCase("sec-websocket-protocol: mqtt\r\n");
    }

    /** A CONNECT split across two binary frames is reassembled; the CONNACK comes back as a binary frame. */
    @Test
    void connect_whenSplitAcrossBinaryFrames_thenConnackAcceptedInABinaryFrame() {
        upgrade("/mqtt");
        byte[] connect = MqttPeer.encode(EdgeHarness.signedConnect(EdgeHarness.DN, EdgeHarness.SECRET, 60));

        sendFrame(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(Arrays.copyOfRange(connect, 0, 7))));
        sendFrame(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(Arrays.copyOfRange(connect, 7, connect.length))));

        assertThat(EdgeHarness.connackCode(mqttInBinaryFrames())).isEqualTo(MqttConnectReturnCode.CONNECTION_ACCEPTED);
        assertThat(edge.sessions.find(EdgeHarness.DEVICE)).isPresent();
    }

    @Test
    void upgrade_whenOtherPath_thenClosedWithoutUpgrade() {
        String response = upgrade("/mqttx");

        assertThat(response).doesNotContain("101");
        assertThat(channel.isOpen()).isFalse();
        assertThat(edge.disconnector.count(Refusal.MALFORMED_PACKET)).isEqualTo(1);
    }

    @Test
    void frame_whenText_thenClosedAsMalformed() {
        upgrade("/mqtt");

        sendFrame(new TextWebSocketFrame("CONNECT"));

        assertThat(channel.isOpen()).isFalse();
        assertThat(edge.disconnector.count(Refusal.MALFORMED_PACKET)).isEqualTo(1);
    }

    // ---- a WebSocket client, byte for byte ----

    /** Sends the upgrade request a browser or Paho sends and returns the raw HTTP answer. */
    private String upgrade(String path) {
        channel.writeInbound(Unpooled.copiedBuffer("GET " + path + " HTTP/1.1\r\n"
                + "Host: localhost:8083\r\n"
                + "Upgrade: websocket\r\n"
                + "Connection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Protocol: mqtt\r\n"
                + "\r\n", US_ASCII));
        channel.runPendingTasks();
        return new String(outbound(), US_ASCII);
    }

    /** Encodes the frame as a client must (masked) and writes its bytes into the edge. */
    private void sendFrame(WebSocketFrame frame) {
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameEncoder(true));
        try {
            client.writeOutbound(frame);
            for (Object o; (o = client.readOutbound()) != null; ) {
                channel.writeInbound(o);
            }
            channel.runPendingTasks();
        } finally {
            client.finishAndReleaseAll();
        }
    }

    /** The MQTT packets in the binary frames the edge wrote, decoded by independent decoders. */
    private List<MqttMessage> mqttInBinaryFrames() {
        EmbeddedChannel frames = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 65536));
        EmbeddedChannel mqtt = new EmbeddedChannel(new MqttDecoder());
        List<MqttMessage> messages = new ArrayList<>();
        try {
            frames.writeInbound(Unpooled.wrappedBuffer(outbound()));
            for (Object o; (o = frames.readInbound()) != null; ) {
                assertThat(o).as("the edge answers in binary frames").isInstanceOf(BinaryWebSocketFrame.class);
                mqtt.writeInbound(((BinaryWebSocketFrame) o).content());
            }
            for (Object o; (o = mqtt.readInbound()) != null; ) {
                messages.add((MqttMessage) o);
                ReferenceCountUtil.release(o);
            }
            return messages;
        } finally {
            frames.finishAndReleaseAll();
            mqtt.finishAndReleaseAll();
        }
    }

    /**
     * The bytes the edge wrote. Closing, the WebSocket stage also writes a close frame; before an upgrade no encoder
     * takes it (a socket would drop it), so anything but bytes is left out here.
     */
    private byte[] outbound() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Object o; (o = channel.readOutbound()) != null; ) {
            if (o instanceof ByteBuf buf) {
                bytes.writeBytes(ByteBufUtil.getBytes(buf));
            }
            ReferenceCountUtil.release(o);
        }
        return bytes.toByteArray();
    }
}
