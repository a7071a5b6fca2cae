package io.certfleet.events;

/**
 * A cluster upgrade halted at a step; the plan stays resumable. Emitted by upgrade-service, on topic {@link
 * Topics#UPGRADES}.
 *
 * @param upgradeId the upgrade
 * @param clusterId the cluster
 * @param step the step that failed, e.g. {@code DRAIN}, {@code KUBEADM_UPGRADE}, {@code HEALTH_GATE}
 * @param nodeName the node it failed on, when node-specific
 * @param reason why, without secrets
 * @param retryable whether retrying the same step can succeed or needs a person
 */
public record UpgradeFailed(
        String upgradeId,
        String clusterId,
        String step,
        @OptionalField String nodeName,
        String reason,
        boolean retryable)
        implements EventData {
    public UpgradeFailed {
        Fields.text(upgradeId, "upgradeId");
        Fields.text(clusterId, "clusterId");
        Fields.text(step, "step");
        Fields.optionalText(nodeName, "nodeName");
        Fields.text(reason, "reason");
    }
}
