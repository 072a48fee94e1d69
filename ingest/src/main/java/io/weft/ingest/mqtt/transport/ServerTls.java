package io.weft.ingest.mqtt.transport;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.weft.ingest.mqtt.MqttTls;
import javax.net.ssl.SSLException;

/** Builds the edge's server-side TLS context from its PEM files. */
public final class ServerTls {
    private ServerTls() {
    }

    /**
     * A server context presenting {@code tls.certificate()}. With a client CA, a client certificate is asked for but
     * not required ({@link ClientAuth#OPTIONAL}): devices without one authenticate by signature as over TCP, and a
     * certificate that does not chain to the client CA fails the handshake.
     */
    public static SslContext context(MqttTls tls) throws SSLException {
        SslContextBuilder builder = SslContextBuilder.forServer(tls.certificate().toFile(), tls.privateKey().toFile());
        if (tls.mutual()) {
            builder.trustManager(tls.clientCa().toFile()).clientAuth(ClientAuth.OPTIONAL);
        } else {
            builder.clientAuth(ClientAuth.NONE);
        }
        return builder.build();
    }
}
