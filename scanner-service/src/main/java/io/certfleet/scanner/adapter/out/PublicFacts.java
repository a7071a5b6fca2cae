package io.certfleet.scanner.adapter.out;

import io.certfleet.events.CertificateFacts;
import io.certfleet.events.Finding;
import io.certfleet.events.FindingSeverity;
import io.certfleet.pki.inspect.InspectedCertificate;
import java.util.List;

/** The pki library's facts and findings as the events contract states them (the same fields, by design). */
final class PublicFacts {
    private PublicFacts() {}

    static CertificateFacts of(io.certfleet.pki.inspect.CertificateFacts facts) {
        return new CertificateFacts(
                facts.subject(),
                facts.issuer(),
                facts.serialNumber(),
                facts.sha256(),
                facts.notBefore(),
                facts.notAfter(),
                facts.sans(),
                facts.keyUsages(),
                facts.extendedKeyUsages(),
                facts.keyAlgorithm().isBlank() ? "unknown" : facts.keyAlgorithm(),
                Math.max(0, facts.keySize()),
                facts.curve().filter(c -> !c.isBlank()).orElse(null),
                facts.ca(),
                facts.selfSigned());
    }

    static CertificateFacts of(InspectedCertificate certificate) {
        return of(certificate.facts());
    }

    static List<Finding> findings(List<io.certfleet.pki.inspect.Finding> findings) {
        return findings.stream().map(PublicFacts::finding).toList();
    }

    static Finding finding(io.certfleet.pki.inspect.Finding finding) {
        return new Finding(
                finding.code(),
                switch (finding.severity()) {
                    case INFO -> FindingSeverity.INFO;
                    case WARNING -> FindingSeverity.WARNING;
                    case ERROR -> FindingSeverity.ERROR;
                },
                finding.message());
    }
}
