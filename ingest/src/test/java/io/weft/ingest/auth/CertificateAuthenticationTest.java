package io.weft.ingest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.weft.core.auth.DeviceIdentity;
import io.weft.core.registry.DeviceEntry;
import io.weft.ingest.testpki.TestPki;
import java.security.cert.X509Certificate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A client certificate TLS has verified authenticates the device its subject names, {@code CN={pk}&{dn}}, with no
 * password; a user name, if sent, must name the same device. Registry rules (unknown, disabled, not loaded) hold as
 * for signatures.
 */
class CertificateAuthenticationTest {
    private static final TestPki.Issued CA = TestPki.certificateAuthority("test device CA");
    private static final String PK = "a1CertProd";
    private static final DeviceIdentity METER = new DeviceIdentity(PK, "meter-1");

    private final Map<String, DeviceEntry> devices = Map.of(
            PK + "/meter-1", new DeviceEntry(PK, "meter-1", "unused-secret", true, 1L),
            PK + "/meter-off", new DeviceEntry(PK, "meter-off", "unused-secret", false, 1L));
    private final DeviceAuthenticator authenticator = new DeviceAuthenticator((pk, dn) -> devices.get(pk + "/" + dn));

    CertificateAuthenticationTest() {
        authenticator.markReady();
    }

    private static X509Certificate certificate(String commonName) {
        return TestPki.client(CA, commonName).certificate();
    }

    @Test
    void authenticate_whenCertificateNamesTheDeviceAndUsernameMatches_thenAccepted() {
        AuthResult result = authenticator.authenticate(certificate(PK + "&meter-1"), "meter-1&" + PK);

        assertThat(result.accepted()).isTrue();
        assertThat(result.identity()).isEqualTo(METER);
    }

    @Test
    void authenticate_whenCertificateAndNoUsername_thenAcceptedAsTheCertifiedDevice() {
        assertThat(authenticator.authenticate(certificate(PK + "&meter-1"), null).identity()).isEqualTo(METER);
        assertThat(authenticator.authenticate(certificate(PK + "&meter-1"), "").accepted()).isTrue();
    }

    @Test
    void authenticate_whenUsernameNamesAnotherDevice_thenCertificateMismatch() {
        AuthResult result = authenticator.authenticate(certificate(PK + "&meter-1"), "meter-2&" + PK);

        assertThat(result.outcome()).isEqualTo(AuthResult.Outcome.CERTIFICATE_MISMATCH);
    }

    @Test
    void authenticate_whenCertifiedDeviceUnknown_thenUnknownDevice() {
        assertThat(authenticator.authenticate(certificate(PK + "&ghost"), null).outcome())
                .isEqualTo(AuthResult.Outcome.UNKNOWN_DEVICE);
    }

    @Test
    void authenticate_whenCertifiedDeviceDisabled_thenDisabled() {
        assertThat(authenticator.authenticate(certificate(PK + "&meter-off"), null).outcome())
                .isEqualTo(AuthResult.Outcome.DISABLED);
    }

    @Test
    void authenticate_whenRegistryNotLoaded_thenNotReady() {
        DeviceAuthenticator cold = new DeviceAuthenticator((pk, dn) -> devices.get(pk + "/" + dn));

        assertThat(cold.authenticate(certificate(PK + "&meter-1"), null).outcome())
                .isEqualTo(AuthResult.Outcome.NOT_READY);
    }

    /** No separator, an empty half, extra separators or another kind of name: the certificate names no device. */
    @ParameterizedTest
    @ValueSource(strings = {"meter-1", "&meter-1", "a1CertProd&", "a1CertProd&meter-1&x", "weft device"})
    void authenticate_whenCommonNameIsNotProductKeyAndDeviceName_thenUnnamedCertificate(String commonName) {
        assertThat(authenticator.authenticate(certificate(commonName), null).outcome())
                .isEqualTo(AuthResult.Outcome.UNNAMED_CERTIFICATE);
    }

    @Test
    void identity_whenSubjectHasMoreAttributes_thenTheCommonNameDecides() {
        X509Certificate certificate = TestPki.clientWithSubject(CA, "C=DE, O=Weft Test, OU=meters, CN=" + PK + "&meter-1")
                .certificate();

        assertThat(CertificateIdentity.of(certificate)).contains(METER);
    }
}
