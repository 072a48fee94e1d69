package io.weft.standalone;

import static java.nio.charset.StandardCharsets.US_ASCII;

import io.weft.ingest.mqtt.MqttTls;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * Standalone's server certificate when none is configured: made once (EC P-256, ten years, for {@code localhost},
 * this host's name and {@code 127.0.0.1}) into the data folder and reused on every later start, so devices can pin
 * it. Its path and SHA-256 fingerprint are printed at each start.
 */
final class SelfSignedServerCertificate {
    static final String CERTIFICATE_FILE = "server.crt";
    static final String KEY_FILE = "server.key";

    private SelfSignedServerCertificate() {
    }

    /** The certificate in {@code dir}, made first if it is not there yet. */
    static MqttTls ensure(Path dir, Path clientCa, Consumer<String> progress) throws IOException,
            GeneralSecurityException {
        Path certificate = dir.resolve(CERTIFICATE_FILE);
        Path key = dir.resolve(KEY_FILE);
        if (!Files.exists(certificate) || !Files.exists(key)) {
            Files.createDirectories(dir);
            create(certificate, key);
            progress.accept("  made a self-signed TLS certificate for MQTT: " + certificate.toAbsolutePath());
        }
        progress.accept("  MQTT TLS certificate " + certificate.toAbsolutePath() + " SHA-256 "
                + fingerprint(certificate));
        return new MqttTls(certificate, key, clientCa);
    }

    /** Colon-separated upper-case hex SHA-256 of the certificate's DER, as {@code openssl x509 -fingerprint} shows. */
    static String fingerprint(Path certificate) throws IOException, GeneralSecurityException {
        X509Certificate parsed;
        try (var in = Files.newInputStream(certificate)) {
            parsed = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        return HexFormat.ofDelimiter(":").withUpperCase()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(parsed.getEncoded()));
    }

    private static void create(Path certificateFile, Path keyFile) throws IOException, GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        X500Name name = new X500Name("CN=Weft standalone MQTT edge");
        Instant now = Instant.now();
        try {
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    new JcaX509v3CertificateBuilder(name, new BigInteger(64, new SecureRandom()),
                            Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(3650))),
                            name, keys.getPublic())
                            .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                            .addExtension(Extension.subjectAlternativeName, false, subjectAlternativeNames())
                            .addExtension(Extension.extendedKeyUsage, false,
                                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                            .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
            writePem(keyFile, "PRIVATE KEY", keys.getPrivate().getEncoded(), true);
            writePem(certificateFile, "CERTIFICATE", certificate.getEncoded(), false);
        } catch (org.bouncycastle.operator.OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static GeneralNames subjectAlternativeNames() {
        Set<String> dnsNames = new LinkedHashSet<>(List.of("localhost"));
        try {
            dnsNames.add(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            // localhost and 127.0.0.1 still work; devices elsewhere pin the certificate or skip the name check
        }
        List<GeneralName> names = new ArrayList<>();
        dnsNames.forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
        names.add(new GeneralName(GeneralName.iPAddress, "127.0.0.1"));
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static void writePem(Path file, String type, byte[] der, boolean secret) throws IOException {
        String pem = "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
        Files.writeString(file, pem, US_ASCII);
        if (secret && file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }
}
