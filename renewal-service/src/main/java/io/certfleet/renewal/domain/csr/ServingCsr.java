package io.certfleet.renewal.domain.csr;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A pending CertificateSigningRequest as the API server recorded it: who asked (set by the API server from the
 * requester's credentials, not by the requester), for which signer, with which usages and duration, and what the
 * request inside says.
 *
 * @param name the CSR object's name
 * @param signerName {@code spec.signerName}
 * @param username {@code spec.username}, the authenticated requester
 * @param groups {@code spec.groups}
 * @param usages {@code spec.usages}
 * @param expirationSeconds {@code spec.expirationSeconds}, when the requester asked for a duration
 * @param request the parsed {@code spec.request}, empty when it could not be read
 */
public record ServingCsr(
        String name,
        String signerName,
        String username,
        List<String> groups,
        List<String> usages,
        OptionalLong expirationSeconds,
        Optional<CertificateRequestFacts> request) {
    public ServingCsr {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(signerName, "signerName");
        Objects.requireNonNull(username, "username");
        groups = List.copyOf(groups);
        usages = List.copyOf(usages);
        Objects.requireNonNull(expirationSeconds, "expirationSeconds");
        Objects.requireNonNull(request, "request");
    }
}
