package io.certfleet.fleetsim;

/** How a simulated cluster is managed, which decides what its management API holds. */
public enum ClusterFlavour {
    /** Plain kubeadm: the management API holds only its access Secrets (like an Anthos admin cluster). */
    KUBEADM,
    /** Cluster API: also a Cluster, a KubeadmControlPlane, a MachineDeployment/MachineSet and Machines. */
    CLUSTER_API
}
