package io.certfleet.events;

import java.util.List;

/**
 * The certificates of one node were renewed and verified. Emitted by renewal-service once per node, on topic {@link
 * Topics#RENEWALS}.
 *
 * @param renewalId the renewal
 * @param clusterId the cluster
 * @param nodeName the node
 * @param renewed certificates replaced
 * @param skipped certificates deliberately left alone
 * @param backupLocation where the previous files were backed up on the node, e.g. {@code
 *     /etc/kubernetes/tmp/certfleet-backup-20261122T100000Z}; absent when nothing was written on the node
 * @param verification what was checked afterwards
 */
public record NodeCertificatesRenewed(
        String renewalId,
        String clusterId,
        String nodeName,
        List<RenewedCertificate> renewed,
        List<SkippedCertificate> skipped,
        @OptionalField String backupLocation,
        RenewalVerification verification)
        implements EventData {
    public NodeCertificatesRenewed {
        Fields.text(renewalId, "renewalId");
        Fields.text(clusterId, "clusterId");
        Fields.text(nodeName, "nodeName");
        renewed = Fields.list(renewed, "renewed");
        skipped = Fields.list(skipped, "skipped");
        Fields.optionalText(backupLocation, "backupLocation");
        Fields.required(verification, "verification");
    }
}
