package io.certfleet.fleetsim;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The faults of one cluster, asked per node. The one place that interprets {@link Fault}s.
 *
 * @param faults the cluster's faults
 */
public record FaultSet(List<Fault> faults) {

    public FaultSet {
        faults = List.copyOf(faults);
    }

    public boolean neverReady(NodeRole role, int index) {
        return any(Fault.NodeNeverReady.class, role, index);
    }

    public boolean drainBlocked(NodeRole role, int index) {
        return any(Fault.DrainBlockedByPodDisruptionBudget.class, role, index);
    }

    public boolean kubeletRotation(NodeRole role, int index) {
        return !any(Fault.KubeletRotationDisabled.class, role, index);
    }

    /** How long ago the node's apiserver certificate expired, if the fault applies to it. */
    public Optional<Duration> apiserverExpiredFor(NodeRole role, int index) {
        return faults.stream()
                .filter(f -> f instanceof Fault.ApiserverCertificateExpired)
                .map(Fault.ApiserverCertificateExpired.class::cast)
                .filter(f -> f.nodes().matches(role, index))
                .map(Fault.ApiserverCertificateExpired::expiredFor)
                .findFirst();
    }

    private boolean any(Class<? extends Fault> type, NodeRole role, int index) {
        return faults.stream().anyMatch(f -> type.isInstance(f) && f.nodes().matches(role, index));
    }
}
