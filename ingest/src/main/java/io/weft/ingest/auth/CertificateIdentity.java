package io.weft.ingest.auth;

import io.weft.core.auth.DeviceIdentity;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Which device a client certificate belongs to: its subject's common name is {@code {productKey}&{deviceName}}
 * (for example {@code CN=a1Thermo01&kitchen}). Binding by name means a device needs no registry change to get a
 * certificate: whoever holds the client CA's key decides which devices may use certificates.
 */
public final class CertificateIdentity {
    private CertificateIdentity() {
    }

    /** The device the certificate names; empty if it has no CN of the form {@code pk&dn}, or several CNs. */
    public static Optional<DeviceIdentity> of(X509Certificate certificate) {
        return commonName(certificate.getSubjectX500Principal()).flatMap(CertificateIdentity::parse);
    }

    static Optional<DeviceIdentity> parse(String commonName) {
        int amp = commonName.indexOf('&');
        if (amp <= 0 || amp == commonName.length() - 1 || commonName.indexOf('&', amp + 1) >= 0) {
            return Optional.empty();
        }
        return Optional.of(new DeviceIdentity(commonName.substring(0, amp), commonName.substring(amp + 1)));
    }

    private static Optional<String> commonName(X500Principal subject) {
        try {
            String found = null;
            for (Rdn rdn : new LdapName(subject.getName(X500Principal.RFC2253)).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    if (found != null) {
                        return Optional.empty();
                    }
                    found = rdn.getValue().toString();
                }
            }
            return Optional.ofNullable(found);
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
    }
}
