package io.weft.ingest.mqtt.transport;

import io.netty.channel.Channel;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLPeerUnverifiedException;

/** The client certificate a connection presented in its TLS handshake, already verified against the client CA. */
public final class PeerCertificates {
    private PeerCertificates() {
    }

    /**
     * The client's own (leaf) certificate; empty for a connection without TLS or a TLS client that presented none.
     * The TLS stage accepts only certificates that chain to the configured client CA, so a present one is trusted.
     */
    public static Optional<X509Certificate> clientCertificate(Channel channel) {
        SslHandler tls = channel.pipeline().get(SslHandler.class);
        if (tls == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = tls.engine().getSession().getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate leaf ? Optional.of(leaf) : Optional.empty();
        } catch (SSLPeerUnverifiedException e) {
            return Optional.empty();
        }
    }
}
