package io.certfleet.scanner.domain.scan;

import io.certfleet.events.CertScanned;
import io.certfleet.events.EventData;
import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.ExpiryResolved;
import io.certfleet.events.ScanCompleted;
import io.certfleet.events.ScanError;
import io.certfleet.events.SourceKind;
import io.certfleet.scanner.domain.expiry.ExpiryTransition;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The events one observation produces: always a CertScanned; an ExpiryDetected or ExpiryResolved when it is a
 * transition and the location alerts.
 *
 * <p>Which locations alert: where a certificate is kept (node files, kubeconfigs, Secrets, trust bundles). Two copies
 * of a certificate would otherwise alert twice for one problem, so a served certificate alerts only when it is not the
 * one on its node's disk (then the served one is the problem: the component was not restarted), and an issued CSR
 * never alerts (the certificate it issued alerts where it is installed). A location that has announced a severity goes
 * on alerting until it is resolved, so every alert someone opened is also closed.
 */
public final class ScanEvents {
    /** The {@code location} of the error of a scan asked for a cluster the inventory does not hold. */
    public static final String INVENTORY = "inventory";

    private ScanEvents() {}

    /** Whether a transition at this observation is announced (see the class comment). */
    public static boolean alerts(ObservedCertificate certificate, boolean sameAsOnDisk) {
        SourceKind kind = certificate.at().kind();
        return switch (kind) {
            case CSR -> false;
            case TLS_ENDPOINT -> !sameAsOnDisk;
            case NODE_FILE, KUBECONFIG, SECRET, TRUST_BUNDLE -> true;
        };
    }

    public static CertScanned certScanned(String scanId, String clusterId, ObservedCertificate c) {
        return new CertScanned(
                scanId,
                clusterId,
                c.at().nodeName().orElse(null),
                c.at().kind(),
                c.at().location(),
                c.kubeadmName().orElse(null),
                c.at().index(),
                c.certificateAuthority().orElse(null),
                c.externallyManaged(),
                c.facts(),
                c.findings());
    }

    /**
     * The alert of a transition, if it is one.
     *
     * @param labels the cluster's labels, for routing
     */
    public static Optional<EventData> expiryEvent(
            String clusterId,
            Map<String, String> labels,
            ObservedCertificate c,
            ExpiryTransition transition,
            Instant now) {
        return switch (transition) {
            case ExpiryTransition.NoChange ignored -> Optional.empty();
            case ExpiryTransition.Detected detected ->
                Optional.of(new ExpiryDetected(
                        clusterId,
                        c.at().nodeName().orElse(null),
                        alertLocation(c.at()),
                        c.kubeadmName().orElse(null),
                        c.sha256(),
                        c.facts().notAfter(),
                        detected.severity(),
                        detected.previous().orElse(null),
                        Duration.between(now, c.facts().notAfter()).toSeconds(),
                        labels));
            case ExpiryTransition.Resolved resolved ->
                Optional.of(new ExpiryResolved(
                        clusterId,
                        c.at().nodeName().orElse(null),
                        alertLocation(c.at()),
                        resolved.previousSha256(),
                        resolved.sha256(),
                        c.facts().notAfter()));
        };
    }

    /**
     * The location named in alerts: the path itself for the first certificate of a source, {@code path#<index>} for
     * further bundle members, so each member is a problem of its own.
     */
    public static String alertLocation(CertificateLocation at) {
        return at.index() == 0 ? at.location() : at.location() + "#" + at.index();
    }

    /** The answer to a scan request for a cluster the inventory does not hold: one error, never a clean scan. */
    public static ScanCompleted clusterNotInInventory(String scanId, String clusterId, Instant now) {
        return new ScanCompleted(
                scanId,
                clusterId,
                now,
                now,
                0,
                1,
                List.of(),
                List.of(new ScanError(
                        INVENTORY,
                        "cluster " + clusterId + " is not in the inventory: register it (POST /clusters, the inventory"
                                + " file) or let discovery find it")));
    }
}
