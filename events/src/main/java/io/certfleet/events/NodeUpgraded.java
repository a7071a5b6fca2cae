package io.certfleet.events;

import java.time.Duration;

/**
 * One node finished its upgrade steps (drained, upgraded, kubelet restarted, uncordoned). Emitted by
 * upgrade-service, on topic {@link Topics#UPGRADES}.
 *
 * @param upgradeId the upgrade
 * @param clusterId the cluster
 * @param nodeName the node
 * @param role its role in the upgrade
 * @param fromVersion version before, e.g. {@code v1.30.8}
 * @param toVersion version after, e.g. {@code v1.31.4}
 * @param duration how long the node's steps took; ISO-8601 in JSON, e.g. {@code PT4M12S}
 * @param certificatesRenewed whether kubeadm renewed the node's certificates as a side effect
 */
public record NodeUpgraded(
        String upgradeId,
        String clusterId,
        String nodeName,
        NodeRole role,
        String fromVersion,
        String toVersion,
        Duration duration,
        boolean certificatesRenewed)
        implements EventData {
    public NodeUpgraded {
        Fields.text(upgradeId, "upgradeId");
        Fields.text(clusterId, "clusterId");
        Fields.text(nodeName, "nodeName");
        Fields.required(role, "role");
        Fields.text(fromVersion, "fromVersion");
        Fields.text(toVersion, "toVersion");
        Fields.required(duration, "duration");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative");
        }
    }
}
