package io.certfleet.renewal.domain.csr;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a PKCS#10 certificate request asks for, as read from its DER (public facts only).
 *
 * @param commonName the subject's CN, if any
 * @param organizations the subject's O values
 * @param otherSubjectAttributes other subject attributes, e.g. {@code OU=x}
 * @param dnsNames the DNS SANs
 * @param ipAddresses the IP SANs, in canonical text form
 * @param otherSans SANs of any other kind, e.g. {@code URI:spiffe://...}, {@code EMAIL:...}
 * @param signatureValid whether the request's self-signature verifies with its own public key (proof of possession)
 */
public record CertificateRequestFacts(
        Optional<String> commonName,
        List<String> organizations,
        List<String> otherSubjectAttributes,
        List<String> dnsNames,
        List<String> ipAddresses,
        List<String> otherSans,
        boolean signatureValid) {
    public CertificateRequestFacts {
        Objects.requireNonNull(commonName, "commonName");
        organizations = List.copyOf(organizations);
        otherSubjectAttributes = List.copyOf(otherSubjectAttributes);
        dnsNames = List.copyOf(dnsNames);
        ipAddresses = List.copyOf(ipAddresses);
        otherSans = List.copyOf(otherSans);
    }
}
