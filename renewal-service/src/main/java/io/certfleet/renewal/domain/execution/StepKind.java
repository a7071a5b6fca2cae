package io.certfleet.renewal.domain.execution;

/** The steps a renewal is made of; which ones, and in which order, {@link RenewalPlan} decides per strategy. */
public enum StepKind {
    /** Scan the node (the certificates before) and back up {@code /etc/kubernetes}. */
    BACKUP(true),
    /** Renew the node's certificates with kubeadm semantics (new keys, same CN/O/SANs/usages, the on-disk CA). */
    RENEW(true),
    /**
     * External CA: new keys and CSRs on the node for the certificates whose CA key is not there, submitted to the
     * external signer (the Kubernetes CSR API or a configured signer). The keys never leave the node.
     */
    REQUEST_SIGNING(true),
    /** External CA: wait until the signer has issued (or refused) every certificate requested. */
    AWAIT_SIGNING(true),
    /** External CA: install the signed certificates with their staged keys, checked against the on-disk CA. */
    INSTALL(true),
    /** Restart kube-apiserver, kube-controller-manager, kube-scheduler and etcd so they read the new files. */
    RESTART_STATIC_PODS(true),
    /** TLS handshake: the node's endpoints serve the renewed certificates; the API answers. */
    VERIFY(true),
    /** Put the renewed admin client certificate into the management cluster's {@code <cluster>-kubeconfig}. */
    REFRESH_KUBECONFIG(false),
    /** Restart what keeps the old client certificates in memory, e.g. the {@code etcd-defrag} DaemonSet (seed 001). */
    RESTART_DEPENDANTS(false),
    /** Cluster API: set {@code spec.rolloutAfter} of the KubeadmControlPlane (seed 000). */
    TRIGGER_ROLLOUT(false),
    /** Cluster API: wait until every control-plane Machine was replaced. */
    AWAIT_ROLLOUT(false),
    /** Cluster API: check the new control plane (Machines running, served certificate new). */
    VERIFY_ROLLOUT(false);

    private final boolean perNode;

    StepKind(boolean perNode) {
        this.perNode = perNode;
    }

    /** Whether the step runs on one node (and so is part of that node's turn). */
    public boolean perNode() {
        return perNode;
    }
}
