package io.certfleet.renewal.domain.policy;

/** How a cluster is built and managed, which decides the default renewal strategy (DESIGN §5). */
public enum ClusterFlavour {
    /** Plain kubeadm: renewed in place, node by node. */
    KUBEADM,
    /** Cluster API: the control plane is rolled (KubeadmControlPlane {@code rolloutAfter}). */
    CLUSTER_API,
    /** vSphere TKG: Cluster API under a Supervisor, rolled like Cluster API (seed 000). */
    TKG,
    /** Anthos clusters on bare metal: kubeadm-based, renewed in place (seed 001). */
    ANTHOS_BARE_METAL,
    /** Anything else kubeadm-shaped: renewed in place. */
    OTHER
}
