package io.certfleet.events;

import java.time.Instant;
import java.util.Map;

/**
 * A certificate crossed an expiry threshold. Emitted by scanner-service on transitions only (not on every scan), on
 * topic {@link Topics#CERTIFICATES}.
 *
 * @param clusterId the cluster
 * @param nodeName the node, for node-local certificates
 * @param location where the certificate lives
 * @param kubeadmName the kubeadm name when it has one
 * @param sha256 fingerprint of the certificate (64 lowercase hex characters)
 * @param notAfter its expiry
 * @param severity the threshold now crossed
 * @param previousSeverity the threshold crossed before, absent on the first detection
 * @param residualSeconds seconds left until {@code notAfter} at detection; negative once expired
 * @param labels the cluster's labels used for routing, e.g. {@code team}, {@code env}
 */
public record ExpiryDetected(
        String clusterId,
        @OptionalField String nodeName,
        String location,
        @OptionalField String kubeadmName,
        String sha256,
        Instant notAfter,
        ExpirySeverity severity,
        @OptionalField ExpirySeverity previousSeverity,
        long residualSeconds,
        Map<String, String> labels)
        implements EventData {
    public ExpiryDetected {
        Fields.text(clusterId, "clusterId");
        Fields.optionalText(nodeName, "nodeName");
        Fields.text(location, "location");
        Fields.optionalText(kubeadmName, "kubeadmName");
        Fields.sha256(sha256, "sha256");
        Fields.required(notAfter, "notAfter");
        Fields.required(severity, "severity");
        labels = Fields.labels(labels, "labels");
    }
}
