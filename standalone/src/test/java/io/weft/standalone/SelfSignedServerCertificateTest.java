package io.weft.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.ssl.SslContext;
import io.weft.ingest.mqtt.MqttTls;
import io.weft.ingest.mqtt.transport.ServerTls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no certificate configured, standalone makes a self-signed one at first start, reuses it on every later start
 * (so a device that pinned it keeps working), prints where it is with its fingerprint, and the edge's TLS stage
 * accepts it.
 */
class SelfSignedServerCertificateTest {

    @Test
    void ensure_whenNoCertificateYet_thenMadeOnceAndReusedWithTheSameFingerprint(@TempDir Path data) throws Exception {
        Path dir = data.resolve("tls");
        List<String> printed = new ArrayList<>();

        MqttTls first = SelfSignedServerCertificate.ensure(dir, null, printed::add);
        String fingerprint = SelfSignedServerCertificate.fingerprint(first.certificate());
        MqttTls second = SelfSignedServerCertificate.ensure(dir, null, printed::add);

        assertThat(Files.readString(first.privateKey())).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(second).isEqualTo(first);
        assertThat(SelfSignedServerCertificate.fingerprint(second.certificate())).isEqualTo(fingerprint)
                .matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(printed).filteredOn(line -> line.contains("made a self-signed")).hasSize(1);
        assertThat(printed).filteredOn(line -> line.contains(fingerprint)
                && line.contains(first.certificate().toAbsolutePath().toString())).hasSize(2);
    }

    @Test
    void ensure_whenMade_thenTheEdgeBuildsItsServerTlsContextFromIt(@TempDir Path data) throws Exception {
        MqttTls tls = SelfSignedServerCertificate.ensure(data.resolve("tls"), null, line -> { });

        SslContext context = ServerTls.context(tls);

        assertThat(context.isServer()).isTrue();
    }
}
