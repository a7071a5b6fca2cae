package io.certfleet.pki.issue;

import io.certfleet.pki.issue.IssuanceException.Reason;
import io.certfleet.pki.kubeadm.Usage;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.util.IPAddress;

/**
 * What a certificate says: subject (CN and O), subject alternative names, usages, whether it is a
 * CA, its validity and serial number. The key usage bits follow kubeadm: digital signature, key
 * encipherment for RSA keys only, certificate signing for CAs; {@link Usage#SERVER} adds the
 * serverAuth extended key usage, {@link Usage#CLIENT} clientAuth.
 *
 * @param commonName subject CN
 * @param organizations subject O values, in order
 * @param dnsNames DNS subject alternative names
 * @param ipAddresses IP subject alternative names, as literals ({@code 10.96.0.1}, {@code ::1})
 * @param usages extended key usages of a leaf; empty for CAs
 * @param certificateAuthority whether the certificate may sign others (basic constraints CA:TRUE)
 * @param validity the validity window
 * @param serialNumber positive serial number
 */
public record CertificateSpec(
        String commonName,
        List<String> organizations,
        List<String> dnsNames,
        List<String> ipAddresses,
        Set<Usage> usages,
        boolean certificateAuthority,
        Validity validity,
        BigInteger serialNumber) {

    private static final SecureRandom SERIALS = new SecureRandom();

    public CertificateSpec {
        Objects.requireNonNull(commonName, "commonName");
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(serialNumber, "serialNumber");
        organizations = List.copyOf(organizations);
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        usages = usages.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(usages));
        if (commonName.isBlank()) {
            throw new IssuanceException(Reason.INVALID_SPEC, "common name must not be blank");
        }
        if (serialNumber.signum() <= 0) {
            throw new IssuanceException(Reason.INVALID_SPEC, "serial number must be positive");
        }
        if (serialNumber.bitLength() > 159) {
            throw new IssuanceException(Reason.INVALID_SPEC, "serial number longer than 20 octets");
        }
        for (String ip : ipAddresses) {
            if (!IPAddress.isValid(ip)) {
                throw new IssuanceException(Reason.INVALID_SPEC, "not an IP address literal: '" + ip + "'");
            }
        }
        if (certificateAuthority && !usages.isEmpty()) {
            throw new IssuanceException(
                    Reason.INVALID_SPEC, "a CA certificate carries no extended key usage (" + commonName + ")");
        }
        if (!certificateAuthority && usages.isEmpty()) {
            throw new IssuanceException(Reason.INVALID_SPEC, "a leaf certificate needs a usage (" + commonName + ")");
        }
    }

    /** The SANs in the {@code DNS:x} / {@code IP:y} form of {@code openssl x509 -ext subjectAltName}. */
    public List<String> subjectAlternativeNames() {
        List<String> sans = new ArrayList<>();
        dnsNames.forEach(name -> sans.add("DNS:" + name));
        ipAddresses.forEach(ip -> sans.add("IP:" + ip));
        return List.copyOf(sans);
    }

    /** A leaf certificate. */
    public static Builder leaf(String commonName) {
        return new Builder(commonName, false);
    }

    /** A certificate authority. */
    public static Builder authority(String commonName) {
        return new Builder(commonName, true);
    }

    /** A random positive serial of 63 bits, like kubeadm's. */
    public static BigInteger randomSerial() {
        return new BigInteger(63, SERIALS).setBit(62);
    }

    /** Builder; a missing serial becomes {@link #randomSerial()}. */
    public static final class Builder {
        private final String commonName;
        private final boolean certificateAuthority;
        private final List<String> organizations = new ArrayList<>();
        private final List<String> dnsNames = new ArrayList<>();
        private final List<String> ipAddresses = new ArrayList<>();
        private final Set<Usage> usages = EnumSet.noneOf(Usage.class);
        private Validity validity;
        private BigInteger serialNumber;

        private Builder(String commonName, boolean certificateAuthority) {
            this.commonName = commonName;
            this.certificateAuthority = certificateAuthority;
        }

        public Builder organizations(List<String> values) {
            organizations.addAll(values);
            return this;
        }

        public Builder organization(String value) {
            organizations.add(value);
            return this;
        }

        public Builder dnsName(String name) {
            dnsNames.add(name);
            return this;
        }

        public Builder ipAddress(String ip) {
            ipAddresses.add(ip);
            return this;
        }

        /**
         * Adds SANs written as {@code DNS:name} or {@code IP:address}, the form {@link
         * io.certfleet.pki.kubeadm.KubeadmCertificate#requiredSans} returns.
         */
        public Builder subjectAlternativeNames(List<String> prefixed) {
            for (String san : prefixed) {
                if (san.startsWith("DNS:")) {
                    dnsNames.add(san.substring(4));
                } else if (san.startsWith("IP:")) {
                    ipAddresses.add(san.substring(3));
                } else {
                    throw new IssuanceException(
                            Reason.INVALID_SPEC, "SAN must start with DNS: or IP: but was '" + san + "'");
                }
            }
            return this;
        }

        public Builder usages(Set<Usage> values) {
            usages.addAll(values);
            return this;
        }

        public Builder usage(Usage value) {
            usages.add(value);
            return this;
        }

        public Builder validity(Validity value) {
            this.validity = value;
            return this;
        }

        public Builder serialNumber(BigInteger value) {
            this.serialNumber = value;
            return this;
        }

        public CertificateSpec build() {
            if (validity == null) {
                throw new IssuanceException(Reason.INVALID_SPEC, "validity is required (" + commonName + ")");
            }
            return new CertificateSpec(
                    commonName,
                    organizations,
                    dedupe(dnsNames),
                    dedupe(ipAddresses),
                    usages,
                    certificateAuthority,
                    validity,
                    serialNumber == null ? randomSerial() : serialNumber);
        }

        private static List<String> dedupe(List<String> values) {
            return values.stream().distinct().toList();
        }
    }
}
