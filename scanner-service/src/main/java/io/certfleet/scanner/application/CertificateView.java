package io.certfleet.scanner.application;

import io.certfleet.events.CertificateFacts;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.events.Finding;
import io.certfleet.events.SourceKind;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One inventory row as the API returns it: public facts only.
 *
 * @param clusterId the cluster
 * @param nodeName the node, for node-local sources
 * @param sourceKind what kind of source
 * @param location where
 * @param index position in its source
 * @param kubeadmName the kubeadm name, when it has one
 * @param certificateAuthority the kubeadm CA that should sign it
 * @param externallyManaged whether its CA key is not on the node
 * @param certificate its public facts
 * @param residualSeconds seconds until notAfter now, negative once expired
 * @param severity the expiry severity now recorded
 * @param findings lint and scanner findings
 * @param firstSeenAt when the certificate was first seen at this location
 * @param lastSeenAt when it was last seen
 * @param lastScanId the scan that last saw it
 */
public record CertificateView(
        String clusterId,
        Optional<String> nodeName,
        SourceKind sourceKind,
        String location,
        int index,
        Optional<String> kubeadmName,
        Optional<String> certificateAuthority,
        boolean externallyManaged,
        CertificateFacts certificate,
        long residualSeconds,
        Optional<ExpirySeverity> severity,
        List<Finding> findings,
        Instant firstSeenAt,
        Instant lastSeenAt,
        String lastScanId) {}
