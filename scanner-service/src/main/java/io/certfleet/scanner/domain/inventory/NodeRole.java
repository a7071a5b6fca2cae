package io.certfleet.scanner.domain.inventory;

/** What a node runs, which decides the certificates it should hold. */
public enum NodeRole {
    /** kube-apiserver, etcd, controller-manager, scheduler: the whole kubeadm PKI. */
    CONTROL_PLANE,
    /** Only the kubelet's certificates and kubelet.conf. */
    WORKER
}
