package io.weft.standalone;

import io.weft.ingest.mqtt.limits.ConnectionLimits;
import io.weft.ingest.mqtt.open.OpenMode;
import java.nio.file.Path;

/**
 * The MQTT edge's listeners in standalone and its TLS material.
 *
 * @param tcpPort     MQTT over TCP, default 1883
 * @param tlsPort     MQTT over TLS, default 8883
 * @param wsPort      MQTT over WebSocket on {@code /mqtt}, default 8083
 * @param wssPort     MQTT over secure WebSocket on {@code /mqtt}, default 8084
 * @param certificate server certificate PEM, or null for a self-signed one made at first start in
 *                    {@code {data}/tls/server.crt}
 * @param privateKey  its PKCS#8 PEM key; null exactly when {@code certificate} is
 * @param clientCa    PEM of the CAs that issue device certificates (mutual TLS), or null for none
 * @param limits      connections and connect rate per address, brute-force lockouts; null for
 *                    {@link ConnectionLimits#defaults()}
 * @param openPort    a TCP port in open mode (plain MQTT clients in the sandbox), used only when {@code open} is set
 * @param open        the open-mode listener's admission, or null for no open listener (the default)
 * @param clockSkewMs 0 = off (default); N: signed CONNECTs need a clientId timestamp within now ± N ms
 */
public record StandaloneMqtt(int tcpPort, int tlsPort, int wsPort, int wssPort, Path certificate, Path privateKey,
                             Path clientCa, ConnectionLimits limits, int openPort, OpenMode open, long clockSkewMs) {

    /** Without a clock-skew window. */
    public StandaloneMqtt(int tcpPort, int tlsPort, int wsPort, int wssPort, Path certificate, Path privateKey,
                          Path clientCa, ConnectionLimits limits, int openPort, OpenMode open) {
        this(tcpPort, tlsPort, wsPort, wssPort, certificate, privateKey, clientCa, limits, openPort, open, 0L);
    }

    public StandaloneMqtt {
        if ((certificate == null) != (privateKey == null)) {
            throw new IllegalArgumentException("give both the server certificate and its key, or neither");
        }
        limits = limits == null ? ConnectionLimits.defaults() : limits;
    }

    public static StandaloneMqtt defaultPorts() {
        return new StandaloneMqtt(1883, 8883, 8083, 8084, null, null, null, null, 0, null);
    }

    public StandaloneMqtt withTls(Path certificate, Path privateKey, Path clientCa) {
        return new StandaloneMqtt(tcpPort, tlsPort, wsPort, wssPort, certificate, privateKey, clientCa, limits,
                openPort, open, clockSkewMs);
    }

    public StandaloneMqtt withLimits(ConnectionLimits limits) {
        return new StandaloneMqtt(tcpPort, tlsPort, wsPort, wssPort, certificate, privateKey, clientCa, limits,
                openPort, open, clockSkewMs);
    }

    /** The same, with an open-mode TCP listener on {@code port}, or none if {@code open} is null. */
    public StandaloneMqtt withOpenMode(int port, OpenMode open) {
        return new StandaloneMqtt(tcpPort, tlsPort, wsPort, wssPort, certificate, privateKey, clientCa, limits,
                port, open, clockSkewMs);
    }

    /** The same, with a clock-skew window for signed CONNECTs (0 = off). */
    public StandaloneMqtt withClockSkew(long clockSkewMs) {
        return new StandaloneMqtt(tcpPort, tlsPort, wsPort, wssPort, certificate, privateKey, clientCa, limits,
                openPort, open, clockSkewMs);
    }
}
