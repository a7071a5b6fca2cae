package io.certfleet.nodeagent;

/**
 * The kubeadm directories of a node, as the node sees them (absolute paths on the node; the agent maps
 * them under its root). A missing field in the JSON means the kubeadm default.
 *
 * @param configDir {@code /etc/kubernetes}
 * @param certDir {@code /etc/kubernetes/pki}
 * @param kubeletDir {@code /var/lib/kubelet/pki}
 */
public record NodeDirectories(String configDir, String certDir, String kubeletDir) {
    public static final String DEFAULT_CONFIG_DIR = "/etc/kubernetes";
    public static final String DEFAULT_CERT_DIR = "/etc/kubernetes/pki";
    public static final String DEFAULT_KUBELET_DIR = "/var/lib/kubelet/pki";

    public NodeDirectories {
        configDir = configDir == null ? DEFAULT_CONFIG_DIR : configDir;
        certDir = certDir == null ? DEFAULT_CERT_DIR : certDir;
        kubeletDir = kubeletDir == null ? DEFAULT_KUBELET_DIR : kubeletDir;
    }

    public static NodeDirectories defaults() {
        return new NodeDirectories(null, null, null);
    }
}
