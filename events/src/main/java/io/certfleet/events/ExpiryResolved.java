package io.certfleet.events;

import java.time.Instant;

/**
 * The certificate at a location was replaced by one outside every threshold. Emitted by scanner-service, on topic
 * {@link Topics#CERTIFICATES}; it closes what {@link ExpiryDetected} opened.
 *
 * @param clusterId the cluster
 * @param nodeName the node, for node-local certificates
 * @param location where the certificate lives
 * @param previousSha256 fingerprint of the certificate that was expiring
 * @param sha256 fingerprint of the certificate now there
 * @param notAfter expiry of the certificate now there
 */
public record ExpiryResolved(
        String clusterId,
        @OptionalField String nodeName,
        String location,
        String previousSha256,
        String sha256,
        Instant notAfter)
        implements EventData {
    public ExpiryResolved {
        Fields.text(clusterId, "clusterId");
        Fields.optionalText(nodeName, "nodeName");
        Fields.text(location, "location");
        Fields.sha256(previousSha256, "previousSha256");
        Fields.sha256(sha256, "sha256");
        Fields.required(notAfter, "notAfter");
    }
}
