package io.weft.ingest.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.handler.codec.mqtt.MqttVersion;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A scripted device on the edge's real pipeline: writes bytes into an {@link EmbeddedChannel} built by
 * {@link MqttPipeline}, and decodes what the edge answers with a separate, independent {@link MqttDecoder}.
 * Every buffer it reads is released; every buffer it writes is checked to have been released by the edge.
 */
final class MqttPeer implements AutoCloseable {
    /** The attribute Netty's MQTT codec reads the protocol version from (MqttCodecUtil). */
    private static final AttributeKey<MqttVersion> VERSION = AttributeKey.valueOf("NETTY_CODEC_MQTT_VERSION");

    private final EmbeddedChannel edge;
    private final List<Object> toRelease = new ArrayList<>();
    private MqttVersion version = MqttVersion.MQTT_3_1_1;

    MqttPeer(EmbeddedChannel edge) {
        this.edge = edge;
    }

    /** From now on this peer encodes and decodes packets as MQTT {@code version} (5 after an MQTT 5 CONNECT). */
    MqttPeer speaking(MqttVersion version) {
        this.version = version;
        return this;
    }

    EmbeddedChannel channel() {
        return edge;
    }

    /** Writes one complete packet (or several) and checks the edge released the inbound buffer. */
    void send(byte[] bytes) {
        ByteBuf in = Unpooled.buffer(bytes.length).writeBytes(bytes);
        edge.writeInbound(in);
        edge.runPendingTasks();
        edge.checkException();
        assertThat(in.refCnt()).as("edge released the inbound buffer").isZero();
    }

    /** Encodes the message as a client would (with Netty's encoder on a channel of its own) and sends it. */
    void send(MqttMessage message) {
        send(encode(message, version));
    }

    static byte[] encode(MqttMessage message) {
        return encode(message, MqttVersion.MQTT_3_1_1);
    }

    static byte[] encode(MqttMessage message, MqttVersion version) {
        EmbeddedChannel encoder = new EmbeddedChannel(MqttEncoder.INSTANCE);
        encoder.attr(VERSION).set(version);
        try {
            encoder.writeOutbound(message);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (Object o; (o = encoder.readOutbound()) != null; ) {
                ByteBuf buf = (ByteBuf) o;
                bytes.writeBytes(ByteBufUtil.getBytes(buf));
                buf.release();
            }
            return bytes.toByteArray();
        } finally {
            encoder.finishAndReleaseAll();
        }
    }

    /** Runs tasks the edge queued on its event loop (sink completions, takeovers, downlinks). */
    void runPendingTasks() {
        edge.runPendingTasks();
        edge.checkException();
    }

    /** Every byte the edge has written since the last read, raw. */
    byte[] rawOutbound() {
        runPendingTasks();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (Object o; (o = edge.readOutbound()) != null; ) {
            ByteBuf buf = (ByteBuf) o;
            bytes.writeBytes(ByteBufUtil.getBytes(buf));
            buf.release();
        }
        return bytes.toByteArray();
    }

    /**
     * The packets the edge has written since the last read, decoded by an independent decoder of this peer's MQTT
     * version (3.1.1 unless {@link #speaking} said otherwise).
     */
    List<MqttMessage> received() {
        byte[] raw = rawOutbound();
        List<MqttMessage> messages = new ArrayList<>();
        if (raw.length == 0) {
            return messages;
        }
        EmbeddedChannel decoder = new EmbeddedChannel(new MqttDecoder(1 << 20));
        decoder.attr(VERSION).set(version);
        try {
            decoder.writeInbound(Unpooled.wrappedBuffer(raw));
            for (Object o; (o = decoder.readInbound()) != null; ) {
                toRelease.add(o);
                MqttMessage m = (MqttMessage) o;
                assertThat(m.decoderResult().isSuccess()).as("edge wrote a well-formed packet: %s", m).isTrue();
                messages.add(m);
            }
        } finally {
            decoder.finishAndReleaseAll();
        }
        return messages;
    }

    boolean isOpen() {
        runPendingTasks();
        return edge.isOpen();
    }

    @Override
    public void close() {
        toRelease.forEach(ReferenceCountUtil::release);
        toRelease.clear();
        edge.finishAndReleaseAll();
    }
}
