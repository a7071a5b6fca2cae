package io.certfleet.events;

import java.util.List;

/**
 * An upgrade was planned as ordered steps. Emitted by upgrade-service, on topic {@link Topics#UPGRADES}.
 *
 * @param upgradeId the upgrade
 * @param clusterId the cluster
 * @param hops the versions passed through, one minor version at a time, ending with the target, e.g. {@code
 *     [v1.31.4, v1.32.3]}
 * @param steps the steps in execution order
 */
public record UpgradePlanned(String upgradeId, String clusterId, List<String> hops, List<UpgradeStep> steps)
        implements EventData {
    public UpgradePlanned {
        Fields.text(upgradeId, "upgradeId");
        Fields.text(clusterId, "clusterId");
        hops = Fields.list(hops, "hops");
        steps = Fields.list(steps, "steps");
    }
}
