package io.certfleet.pki.inspect;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A certificate certfleet could read: its {@link CertificateFacts}, the {@link Finding}s about odd
 * encodings tolerated while reading it, and what is needed to check who signed it. Holds only public
 * material (the certificate's own DER).
 */
public final class InspectedCertificate {
    private final byte[] der;
    private final CertificateFacts facts;
    private final List<Finding> findings;
    private final byte[] tbs;
    private final byte[] signatureAlgorithm;
    private final byte[] signature;
    private final byte[] subjectPublicKeyInfo;
    private final byte[] issuerName;
    private final byte[] subjectName;
    private final Optional<String> subjectKeyId;
    private final Optional<String> authorityKeyId;

    InspectedCertificate(
            byte[] der,
            CertificateFacts facts,
            List<Finding> findings,
            byte[] tbs,
            byte[] signatureAlgorithm,
            byte[] signature,
            byte[] subjectPublicKeyInfo,
            byte[] issuerName,
            byte[] subjectName,
            Optional<String> subjectKeyId,
            Optional<String> authorityKeyId) {
        this.der = der;
        this.facts = facts;
        this.findings = List.copyOf(findings);
        this.tbs = tbs;
        this.signatureAlgorithm = signatureAlgorithm;
        this.signature = signature;
        this.subjectPublicKeyInfo = subjectPublicKeyInfo;
        this.issuerName = issuerName;
        this.subjectName = subjectName;
        this.subjectKeyId = subjectKeyId;
        this.authorityKeyId = authorityKeyId;
    }

    public CertificateFacts facts() {
        return facts;
    }

    /** Odd encodings tolerated while reading (negative serial, explicit EC curve, malformed SAN, ...). */
    public List<Finding> findings() {
        return findings;
    }

    /** The DER encoding (a copy). */
    public byte[] encoded() {
        return der.clone();
    }

    /** Subject key identifier in lowercase hex, when the extension is present. */
    public Optional<String> subjectKeyId() {
        return subjectKeyId;
    }

    /** Authority key identifier (key id form) in lowercase hex, when present. */
    public Optional<String> authorityKeyId() {
        return authorityKeyId;
    }

    /**
     * Whether {@code candidate} issued this certificate: its subject is this certificate's issuer and
     * its public key verifies this certificate's signature.
     */
    public boolean isIssuedBy(InspectedCertificate candidate) {
        Objects.requireNonNull(candidate, "candidate");
        boolean namesMatch = Arrays.equals(issuerName, candidate.subjectName)
                || facts.issuer().equals(candidate.facts.subject());
        return namesMatch
                && SignatureCheck.verifies(tbs, signatureAlgorithm, signature, candidate.subjectPublicKeyInfo);
    }

    byte[] subjectPublicKeyInfo() {
        return subjectPublicKeyInfo;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InspectedCertificate other && Arrays.equals(der, other.der);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(der);
    }

    @Override
    public String toString() {
        return "InspectedCertificate[subject=" + facts.subject() + ", notAfter=" + facts.notAfter() + ", sha256="
                + facts.sha256() + "]";
    }
}
