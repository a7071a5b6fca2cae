package io.certfleet.events;

/** How renewal-service renews the certificates of a cluster (DESIGN.md §5). */
public enum RenewalStrategy {
    /** kubeadm semantics on each control-plane node, one at a time, with backup and verification. */
    KUBEADM_IN_PLACE,
    /** Cluster API / TKG: roll the control-plane Machines, which get new certificates. */
    CAPI_ROLLOUT,
    /** The CA key is not on disk: new keys and CSRs on the node, signed by an external signer. */
    EXTERNAL_CA,
    /** An upgrade is due before expiry anyway; kubeadm upgrade renews every certificate. */
    VIA_UPGRADE,
    /** Approve validated {@code kubernetes.io/kubelet-serving} CSRs. */
    KUBELET_SERVING_CSR
}
