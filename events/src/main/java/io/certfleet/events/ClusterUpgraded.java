package io.certfleet.events;

/**
 * A cluster upgrade finished on every node. Emitted by upgrade-service, on topic {@link Topics#UPGRADES}.
 *
 * @param upgradeId the upgrade
 * @param clusterId the cluster
 * @param fromVersion version before
 * @param toVersion version after
 * @param nodesUpgraded number of nodes upgraded
 */
public record ClusterUpgraded(
        String upgradeId, String clusterId, String fromVersion, String toVersion, int nodesUpgraded)
        implements EventData {
    public ClusterUpgraded {
        Fields.text(upgradeId, "upgradeId");
        Fields.text(clusterId, "clusterId");
        Fields.text(fromVersion, "fromVersion");
        Fields.text(toVersion, "toVersion");
        Fields.nonNegative(nodesUpgraded, "nodesUpgraded");
    }
}
