package io.certfleet.upgrade.domain;

import io.certfleet.events.UpgradeRequested;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Plans the version path of an upgrade. kubeadm upgrades one minor version at a time (seed 004): from v1.29.x to
 * v1.31.2 the cluster passes through v1.30 first, so the hops are {@code [v1.30, v1.31.2]}. Node steps (control-plane
 * nodes first, then workers by zone) are added when the node inventory reaches this service.
 */
public final class UpgradePlanner {

    /**
     * @param request the upgrade asked for
     * @param existing whether a plan for the same upgrade id already exists
     */
    public UpgradeDecision plan(UpgradeRequested request, boolean existing) {
        if (existing) {
            return new UpgradeDecision.AlreadyPlanned(
                    request.upgradeId(), "upgrade " + request.upgradeId() + " is already planned");
        }
        Optional<KubernetesVersion> from = KubernetesVersion.parse(request.fromVersion());
        Optional<KubernetesVersion> target = KubernetesVersion.parse(request.targetVersion());
        if (from.isEmpty()) {
            return rejectedVersion("fromVersion", request.fromVersion());
        }
        if (target.isEmpty()) {
            return rejectedVersion("targetVersion", request.targetVersion());
        }
        if (from.get().major() != target.get().major()) {
            return new UpgradeDecision.Rejected(
                    "cannot upgrade across major versions (" + from.get() + " to " + target.get() + ")");
        }
        if (target.get().compareTo(from.get()) <= 0) {
            return new UpgradeDecision.Rejected(
                    "target " + target.get() + " is not newer than " + from.get() + ": kubeadm does not downgrade");
        }
        List<String> hops = new ArrayList<>();
        for (int minor = from.get().minor() + 1; minor < target.get().minor(); minor++) {
            hops.add(new KubernetesVersion(from.get().major(), minor, 0).minorName());
        }
        hops.add(target.get().toString());
        UpgradePlan plan =
                new UpgradePlan(request.upgradeId(), request.clusterId(), from.get(), target.get(), hops, List.of());
        return new UpgradeDecision.Planned(
                plan,
                from.get() + " to " + target.get() + " in " + hops.size() + (hops.size() == 1 ? " hop" : " hops") + " ("
                        + String.join(" -> ", hops) + "); node steps follow when the nodes are known");
    }

    private static UpgradeDecision rejectedVersion(String field, String value) {
        String shown = value == null ? "nothing" : "'" + (value.length() > 40 ? value.substring(0, 40) : value) + "'";
        return new UpgradeDecision.Rejected(field + " " + shown + " is not a Kubernetes version like v1.31.2");
    }
}
