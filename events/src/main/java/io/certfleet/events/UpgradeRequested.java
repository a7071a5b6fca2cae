package io.certfleet.events;

/**
 * A cluster upgrade was asked for. Emitted by upgrade-service (or renewal-service handing over with {@link
 * RenewalStrategy#VIA_UPGRADE}), on topic {@link Topics#UPGRADES}.
 *
 * @param upgradeId the upgrade; correlates every later upgrade event
 * @param clusterId the cluster
 * @param fromVersion the cluster's current Kubernetes version, e.g. {@code v1.30.8}
 * @param targetVersion the version asked for, e.g. {@code v1.32.3}
 * @param requestedBy who or what asked: {@code policy}, {@code renewal:<renewalId>}, {@code chatops:alice}
 * @param reason why
 */
public record UpgradeRequested(
        String upgradeId, String clusterId, String fromVersion, String targetVersion, String requestedBy, String reason)
        implements EventData {
    public UpgradeRequested {
        Fields.text(upgradeId, "upgradeId");
        Fields.text(clusterId, "clusterId");
        Fields.text(fromVersion, "fromVersion");
        Fields.text(targetVersion, "targetVersion");
        Fields.text(requestedBy, "requestedBy");
        Fields.text(reason, "reason");
    }
}
