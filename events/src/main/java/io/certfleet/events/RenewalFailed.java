package io.certfleet.events;

/**
 * A renewal stopped at a step. Emitted by renewal-service, on topic {@link Topics#RENEWALS}. The renewal halts; no
 * further node is touched.
 *
 * @param renewalId the renewal
 * @param clusterId the cluster
 * @param step the step that failed, e.g. {@code BACKUP}, {@code RENEW}, {@code RESTART}, {@code VERIFY}
 * @param nodeName the node it failed on, when node-specific
 * @param reason why, without secrets
 * @param retryable whether retrying the same step can succeed (transient/unreachable) or needs a person
 * @param backupLocation the node-local backup to restore from, when one was taken
 */
public record RenewalFailed(
        String renewalId,
        String clusterId,
        String step,
        @OptionalField String nodeName,
        String reason,
        boolean retryable,
        @OptionalField String backupLocation)
        implements EventData {
    public RenewalFailed {
        Fields.text(renewalId, "renewalId");
        Fields.text(clusterId, "clusterId");
        Fields.text(step, "step");
        Fields.optionalText(nodeName, "nodeName");
        Fields.text(reason, "reason");
        Fields.optionalText(backupLocation, "backupLocation");
    }
}
