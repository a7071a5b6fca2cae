package io.certfleet.scanner.domain.scan;

import io.certfleet.events.CertificateFacts;
import io.certfleet.events.SourceKind;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Public facts of made-up certificates for domain tests (no crypto needed to decide about expiry). */
final class Certificates {
    private Certificates() {}

    static CertificateFacts facts(char fingerprint, Instant notAfter) {
        return new CertificateFacts(
                "CN=kube-apiserver",
                "CN=kubernetes",
                "1f",
                String.valueOf(fingerprint).repeat(64),
                notAfter.minus(Duration.ofDays(365)),
                notAfter,
                List.of("DNS:kubernetes"),
                List.of("digitalSignature"),
                List.of("serverAuth"),
                "EC",
                256,
                "P-256",
                false,
                false);
    }

    static ObservedCertificate onNode(String node, SourceKind kind, String path, int index, CertificateFacts facts) {
        return ObservedCertificate.of(CertificateLocation.onNode(node, kind, path, index), facts, List.of());
    }
}
