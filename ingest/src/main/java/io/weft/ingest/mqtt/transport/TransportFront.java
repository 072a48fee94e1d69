package io.weft.ingest.mqtt.transport;

import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import io.weft.ingest.mqtt.MqttListener;

/**
 * The named stages a listener puts in front of the MQTT stages: {@code tls} (TLS and WSS), then for WebSocket
 * {@code http} → {@code http-aggregator} → {@code websocket} (the upgrade on {@code /mqtt}, pings, close) →
 * {@code websocket-frames} (binary frames ↔ the MQTT byte stream). A plain TCP front installs nothing.
 */
public final class TransportFront {
    public static final String TLS = "tls";
    public static final String HTTP = "http";
    public static final String HTTP_AGGREGATOR = "http-aggregator";
    public static final String WEBSOCKET = "websocket";
    public static final String WEBSOCKET_FRAMES = "websocket-frames";
    /** What clients may ask for in {@code Sec-WebSocket-Protocol}; Paho and HiveMQ send {@code mqtt}. */
    public static final String SUBPROTOCOLS = "mqtt, mqttv3.1, mqttv3.1.1";
    /** The upgrade request is small; anything bigger is not a WebSocket client. */
    private static final int MAX_UPGRADE_REQUEST_BYTES = 8192;
    /** Room for a WebSocket frame's header around the largest MQTT packet. */
    private static final int FRAME_OVERHEAD_BYTES = 16;

    private final MqttListener.Kind kind;
    private final SslContext ssl;
    private final int maxMessageBytes;
    private final int handshakeTimeoutMs;

    /**
     * @param ssl the server's TLS context, required for secure kinds
     * @param maxMessageBytes largest MQTT packet, which bounds a WebSocket frame
     * @param handshakeTimeoutMs how long the TLS handshake and the WebSocket upgrade may each take
     */
    public TransportFront(MqttListener.Kind kind, SslContext ssl, int maxMessageBytes, int handshakeTimeoutMs) {
        if (kind.secure() && ssl == null) {
            throw new IllegalArgumentException(kind + " listener needs a TLS context");
        }
        this.kind = kind;
        this.ssl = ssl;
        this.maxMessageBytes = maxMessageBytes;
        this.handshakeTimeoutMs = handshakeTimeoutMs;
    }

    public static TransportFront plainTcp() {
        return new TransportFront(MqttListener.Kind.TCP, null, 0, 0);
    }

    public MqttListener.Kind kind() {
        return kind;
    }

    /** Adds this front's stages at the end of a new connection's pipeline, before the MQTT stages are added. */
    public void install(ChannelPipeline pipeline) {
        if (kind.secure()) {
            SslHandler tls = ssl.newHandler(pipeline.channel().alloc());
            tls.setHandshakeTimeoutMillis(handshakeTimeoutMs);
            pipeline.addLast(TLS, tls);
        }
        if (kind.webSocket()) {
            pipeline.addLast(HTTP, new HttpServerCodec())
                    .addLast(HTTP_AGGREGATOR, new HttpObjectAggregator(MAX_UPGRADE_REQUEST_BYTES))
                    .addLast(WEBSOCKET, new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                            .websocketPath(MqttListener.WEBSOCKET_PATH)
                            .checkStartsWith(true)
                            .subprotocols(SUBPROTOCOLS)
                            .maxFramePayloadLength(maxMessageBytes + FRAME_OVERHEAD_BYTES)
                            .handshakeTimeoutMillis(handshakeTimeoutMs)
                            .build()))
                    .addLast(WEBSOCKET_FRAMES, new WebSocketMqttFrames());
        }
    }
}
