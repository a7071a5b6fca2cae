package io.certfleet.scanner.domain.inventory;

/** How a cluster is built and managed; decides which management-side sources exist. */
public enum ClusterFlavour {
    /** Plain kubeadm. */
    KUBEADM,
    /** Cluster API (a {@code Cluster} object and {@code <c>-ca/-etcd/-proxy/-sa/-kubeconfig} Secrets). */
    CLUSTER_API,
    /** vSphere TKG (Cluster API under a Supervisor; {@code TkgServiceConfiguration} trust). */
    TKG,
    /** Anthos clusters on bare metal (kubeadm based, admin-cluster kubeconfig Secrets). */
    ANTHOS_BARE_METAL,
    /** Anything else kubeadm-shaped. */
    OTHER
}
