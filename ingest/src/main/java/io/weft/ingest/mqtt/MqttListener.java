package io.weft.ingest.mqtt;

import io.weft.ingest.mqtt.open.OpenMode;

/**
 * One socket the edge serves MQTT on. Every listener leads into the same MQTT stages; the kind decides what sits in
 * front of them: nothing (TCP), TLS, a WebSocket upgrade on {@link #WEBSOCKET_PATH}, or TLS and then WebSocket.
 *
 * @param kind transport in front of MQTT
 * @param host address to bind, e.g. {@code 0.0.0.0}
 * @param port TCP port, 0 for any free port; the usual ports are {@link Kind#defaultPort()}
 * @param open null for a device listener (Alibaba authentication, devices' topics); else the listener admits plain
 *             MQTT clients into the sandbox ({@link OpenMode})
 */
public record MqttListener(Kind kind, String host, int port, OpenMode open) {
    /** The HTTP path of the WebSocket upgrade, as EMQX, HiveMQ and Mosquitto serve it. */
    public static final String WEBSOCKET_PATH = "/mqtt";

    public MqttListener {
        if (kind == null || host == null || port < 0 || port > 65535) {
            throw new IllegalArgumentException("listener needs a kind, a host and a port 0..65535: "
                    + kind + " " + host + ":" + port);
        }
    }

    /** A device listener. */
    public MqttListener(Kind kind, String host, int port) {
        this(kind, host, port, null);
    }

    public static MqttListener tcp(String host, int port) {
        return new MqttListener(Kind.TCP, host, port);
    }

    /** The same socket, in open mode. */
    public MqttListener inOpenMode(OpenMode mode) {
        return new MqttListener(kind, host, port, mode);
    }

    /** How a client addresses this listener when it is bound to {@code port}, e.g. {@code wss://host:8084/mqtt}. */
    public String uri(int boundPort) {
        return kind.scheme() + "://" + host + ":" + boundPort + (kind.webSocket() ? WEBSOCKET_PATH : "");
    }

    /** The transport in front of MQTT. */
    public enum Kind {
        TCP("mqtt", 1883, false, false),
        TLS("mqtts", 8883, true, false),
        WS("ws", 8083, false, true),
        WSS("wss", 8084, true, true);

        private final String scheme;
        private final int defaultPort;
        private final boolean secure;
        private final boolean webSocket;

        Kind(String scheme, int defaultPort, boolean secure, boolean webSocket) {
            this.scheme = scheme;
            this.defaultPort = defaultPort;
            this.secure = secure;
            this.webSocket = webSocket;
        }

        public String scheme() {
            return scheme;
        }

        /** The port brokers commonly use for this transport. */
        public int defaultPort() {
            return defaultPort;
        }

        /** True when the listener needs the edge's {@link MqttTls} material. */
        public boolean secure() {
            return secure;
        }

        public boolean webSocket() {
            return webSocket;
        }
    }
}
