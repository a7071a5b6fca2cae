package io.certfleet.upgrade.domain;

import io.certfleet.events.UpgradePlanned;
import io.certfleet.events.UpgradeStep;
import java.util.List;
import java.util.Objects;

/**
 * The ordered way from a cluster's version to the target.
 *
 * @param upgradeId the upgrade
 * @param clusterId the cluster
 * @param from the version the cluster runs
 * @param target the version asked for
 * @param hops the versions passed through, one minor at a time, ending with the target; intermediate hops name the
 *     minor only ({@code v1.30}) until supported patch versions are known
 * @param steps node steps in execution order; empty until the cluster's nodes are known to this service
 */
public record UpgradePlan(
        String upgradeId,
        String clusterId,
        KubernetesVersion from,
        KubernetesVersion target,
        List<String> hops,
        List<UpgradeStep> steps) {

    public UpgradePlan {
        Objects.requireNonNull(upgradeId, "upgradeId");
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(target, "target");
        hops = List.copyOf(hops);
        steps = List.copyOf(steps);
    }

    /** The event announcing this plan. */
    public UpgradePlanned plannedEvent() {
        return new UpgradePlanned(upgradeId, clusterId, hops, steps);
    }
}
