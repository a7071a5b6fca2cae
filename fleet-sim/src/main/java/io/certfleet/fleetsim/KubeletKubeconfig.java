package io.certfleet.fleetsim;

/** How a node's {@code /etc/kubernetes/kubelet.conf} carries the kubelet's client credentials. */
public enum KubeletKubeconfig {
    /**
     * {@code client-certificate}/{@code client-key} point at {@code
     * /var/lib/kubelet/pki/kubelet-client-current.pem} (kubeadm >= 1.17, rotation-friendly). The
     * certificate is then the {@code KUBELET_CLIENT} one.
     */
    ROTATED_CERTIFICATE_FILE,
    /**
     * The client certificate and key are embedded (old kubeadm init nodes, seed 004's warning); they
     * are not rotated and age with the cluster's kubeadm certificates.
     */
    EMBEDDED_CERTIFICATE
}
