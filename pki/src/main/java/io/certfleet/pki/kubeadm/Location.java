package io.certfleet.pki.kubeadm;

/** Which of the three node directories a kubeadm file lives in. */
public enum Location {
    /** {@code /etc/kubernetes/pki}: {@code --cert-dir}. */
    CERT_DIR,
    /** {@code /etc/kubernetes}: {@code --config-dir}, the kubeconfig files. */
    CONFIG_DIR,
    /** {@code /var/lib/kubelet/pki}: {@code --kubelet-dir}. */
    KUBELET_DIR
}
