package io.certfleet.fleetsim;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault switched on in a simulated cluster. Faults are data: the simulator asks a cluster's
 * {@link FaultSet} what a node looks like instead of branching on fault types everywhere.
 */
public sealed interface Fault {

    /** The nodes the fault applies to. */
    NodeSelector nodes();

    /** The nodes stay {@code Ready=False}, also after {@link SimulatedNode#restartKubelet()}. */
    record NodeNeverReady(NodeSelector nodes) implements Fault {
        public NodeNeverReady {
            Objects.requireNonNull(nodes, "nodes");
        }
    }

    /**
     * A pod runs on each selected node, guarded by a PodDisruptionBudget that allows no
     * disruption; evicting it answers 429 TooManyRequests, as the API server does, so a drain blocks.
     */
    record DrainBlockedByPodDisruptionBudget(NodeSelector nodes) implements Fault {
        public DrainBlockedByPodDisruptionBudget {
            Objects.requireNonNull(nodes, "nodes");
        }
    }

    /**
     * The selected control-plane nodes' {@code apiserver.crt} expired {@code expiredFor} ago (the
     * rest of the PKI keeps the cluster's ages). Clients of the API endpoint then fail the handshake
     * with an expired-certificate error (seed 001).
     */
    record ApiserverCertificateExpired(NodeSelector nodes, Duration expiredFor) implements Fault {
        public ApiserverCertificateExpired {
            Objects.requireNonNull(nodes, "nodes");
            Objects.requireNonNull(expiredFor, "expiredFor");
            if (expiredFor.isNegative() || expiredFor.isZero()) {
                throw new IllegalArgumentException("expiredFor must be positive");
            }
        }
    }

    /**
     * {@code rotateCertificates: false} in the nodes' {@code /var/lib/kubelet/config.yaml} (seed 000
     * step 8). The kubelet client certificate then ages with the cluster's kubeadm certificates
     * instead of being kept fresh by rotation.
     */
    record KubeletRotationDisabled(NodeSelector nodes) implements Fault {
        public KubeletRotationDisabled {
            Objects.requireNonNull(nodes, "nodes");
        }
    }

    static Fault nodeNeverReady(NodeSelector nodes) {
        return new NodeNeverReady(nodes);
    }

    static Fault drainBlockedByPodDisruptionBudget(NodeSelector nodes) {
        return new DrainBlockedByPodDisruptionBudget(nodes);
    }

    /** Every control-plane node's apiserver certificate expired one day ago. */
    static Fault apiserverCertificateExpired() {
        return new ApiserverCertificateExpired(NodeSelector.controlPlanes(), Duration.ofDays(1));
    }

    static Fault kubeletRotationDisabled(NodeSelector nodes) {
        return new KubeletRotationDisabled(nodes);
    }
}
