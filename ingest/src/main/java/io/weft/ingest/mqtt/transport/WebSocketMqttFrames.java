package io.weft.ingest.mqtt.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.util.List;

/**
 * MQTT over WebSocket is a byte stream carried in binary frames, with packet and frame boundaries independent of
 * each other: inbound, the content of binary and continuation frames goes on as bytes to the MQTT decoder, which
 * reassembles packets; outbound, each encoded MQTT packet leaves as one binary frame. A text frame is not MQTT and
 * fails the connection. (Ping, pong and close frames are handled by the WebSocket stage before this one.)
 */
final class WebSocketMqttFrames extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf packet, List<Object> out) {
        out.add(new BinaryWebSocketFrame(packet.retain()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (!(frame instanceof BinaryWebSocketFrame) && !(frame instanceof ContinuationWebSocketFrame)) {
            throw new CorruptedFrameException("MQTT over WebSocket uses binary frames, got "
                    + frame.getClass().getSimpleName());
        }
        out.add(frame.content().retain());
    }
}
