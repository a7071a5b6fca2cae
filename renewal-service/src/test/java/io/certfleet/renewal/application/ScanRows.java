package io.certfleet.renewal.application;

import io.certfleet.events.CertificateRef;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.events.RenewalStrategy;
import io.certfleet.nodeagent.OperationResult;
import io.certfleet.nodeagent.OperationResult.Presence;
import io.certfleet.nodeagent.OperationResult.ScannedCertificate;
import io.certfleet.pki.inspect.CertificateFacts;
import io.certfleet.renewal.domain.execution.Renewal;
import io.certfleet.renewal.domain.policy.NodeAccessPath;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** What the step tests start from: a renewal of {@code edge-07}, and node-agent scans with the facts decisions read. */
final class ScanRows {
    static final UUID ID = UUID.fromString("1a2b3c4d-0000-4000-8000-000000000001");

    private ScanRows() {}

    /** A renewal of cluster {@code edge-07}, decided at {@code now} for a certificate expiring in 3 days. */
    static Renewal renewal(RenewalStrategy strategy, Instant now) {
        return Renewal.requested(
                ID,
                "edge-07",
                new CertificateRef("cp-1", "/etc/kubernetes/pki/apiserver.crt", "apiserver", "00".repeat(32)),
                ExpirySeverity.CRITICAL,
                now.plus(Duration.ofDays(3)),
                strategy,
                NodeAccessPath.API,
                "test",
                false,
                "policy",
                "event-1",
                now,
                Map.of());
    }

    static OperationResult.ScanResult scan(Instant now, List<ScannedCertificate> leaves, List<ScannedCertificate> cas) {
        return new OperationResult.ScanResult(now, leaves, cas, List.of());
    }

    /**
     * @param authority the kubeadm CA that signs it (for a CA row: its own name)
     * @param external whether that CA's key is absent from the node
     */
    static ScannedCertificate row(String name, String authority, boolean external, Instant notAfter) {
        CertificateFacts facts = new CertificateFacts(
                3,
                "CN=" + name,
                "CN=" + authority,
                "01",
                "00".repeat(32),
                notAfter.minus(Duration.ofDays(365)),
                notAfter,
                List.of(),
                List.of(),
                List.of(),
                "EC",
                256,
                Optional.of("secp256r1"),
                "SHA256withECDSA",
                false,
                false);
        return new ScannedCertificate(
                name,
                "/etc/kubernetes/pki/" + name + ".crt",
                Presence.PRESENT,
                0,
                facts,
                null,
                authority,
                external,
                List.of(),
                null);
    }
}
