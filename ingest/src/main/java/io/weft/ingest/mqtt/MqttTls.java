package io.weft.ingest.mqtt;

import java.nio.file.Path;

/**
 * The edge's TLS material, shared by its TLS and secure WebSocket listeners. Files are PEM.
 *
 * @param certificate the server certificate, followed by any intermediate certificates
 * @param privateKey  the server certificate's private key, PKCS#8 ({@code BEGIN PRIVATE KEY})
 * @param clientCa    certificates of the CAs that issue device certificates, or null: with it, a client may
 *                    present a certificate issued by one of them and is then authenticated by that certificate
 *                    instead of a signature (mutual TLS, see docs/devices.md); without it, no client certificate is
 *                    asked for
 */
public record MqttTls(Path certificate, Path privateKey, Path clientCa) {

    public MqttTls {
        if (certificate == null || privateKey == null) {
            throw new IllegalArgumentException("TLS needs a server certificate and its private key");
        }
    }

    public boolean mutual() {
        return clientCa != null;
    }
}
