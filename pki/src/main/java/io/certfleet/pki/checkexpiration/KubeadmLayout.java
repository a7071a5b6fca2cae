package io.certfleet.pki.checkexpiration;

import io.certfleet.pki.kubeadm.Location;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The three directories of a kubeadm node, as {@code kubeadm certs check-expiration} and the kubelet
 * use them. {@link #defaults()} is the standard node; tests and fleet-sim point at their own trees.
 *
 * @param certDir {@code --cert-dir}, default {@code /etc/kubernetes/pki}
 * @param configDir {@code --config-dir}, default {@code /etc/kubernetes} (the kubeconfig files)
 * @param kubeletDir {@code --kubelet-dir}, default {@code /var/lib/kubelet/pki}
 */
public record KubeadmLayout(Path certDir, Path configDir, Path kubeletDir) {
    public static final Path DEFAULT_CERT_DIR = Path.of("/etc/kubernetes/pki");
    public static final Path DEFAULT_CONFIG_DIR = Path.of("/etc/kubernetes");
    public static final Path DEFAULT_KUBELET_DIR = Path.of("/var/lib/kubelet/pki");

    public KubeadmLayout {
        Objects.requireNonNull(certDir, "certDir");
        Objects.requireNonNull(configDir, "configDir");
        Objects.requireNonNull(kubeletDir, "kubeletDir");
    }

    public static KubeadmLayout defaults() {
        return new KubeadmLayout(DEFAULT_CERT_DIR, DEFAULT_CONFIG_DIR, DEFAULT_KUBELET_DIR);
    }

    /** A node root holding {@code etc/kubernetes/pki}, {@code etc/kubernetes}, {@code var/lib/kubelet/pki}. */
    public static KubeadmLayout underRoot(Path root) {
        return new KubeadmLayout(
                root.resolve("etc/kubernetes/pki"),
                root.resolve("etc/kubernetes"),
                root.resolve("var/lib/kubelet/pki"));
    }

    public Path directory(Location location) {
        return switch (location) {
            case CERT_DIR -> certDir;
            case CONFIG_DIR -> configDir;
            case KUBELET_DIR -> kubeletDir;
        };
    }
}
