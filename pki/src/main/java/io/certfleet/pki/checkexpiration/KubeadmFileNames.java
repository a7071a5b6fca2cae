package io.certfleet.pki.checkexpiration;

import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Recognizes kubeadm files by their place in a tree, so {@code scan} can name and lint what it finds:
 * {@code .../pki/apiserver.crt} is {@code apiserver}, {@code .../pki/etcd/ca.crt} is {@code etcd-ca},
 * {@code admin.conf} is {@code admin.conf}, {@code .../kubelet-client-current.pem} is {@code
 * kubelet-client}.
 */
public final class KubeadmFileNames {
    private KubeadmFileNames() {}

    /** A kubeadm place: a leaf certificate or a CA. */
    public sealed interface Place {
        String kubeadmName();
    }

    public record Leaf(KubeadmCertificate certificate) implements Place {
        @Override
        public String kubeadmName() {
            return certificate.kubeadmName();
        }
    }

    public record Authority(CertificateAuthority authority) implements Place {
        @Override
        public String kubeadmName() {
            return authority.kubeadmName();
        }
    }

    public static Optional<Place> recognize(Path path) {
        String p = path.toString().replace('\\', '/');
        for (CertificateAuthority ca : CertificateAuthority.values()) {
            if (p.endsWith("/pki/" + ca.certificatePath())) {
                return Optional.of(new Authority(ca));
            }
        }
        for (KubeadmCertificate cert : KubeadmCertificate.values()) {
            boolean match = switch (cert.location()) {
                case CERT_DIR -> p.endsWith("/pki/" + cert.path());
                case CONFIG_DIR -> p.endsWith("/" + cert.path()) || p.equals(cert.path());
                case KUBELET_DIR -> p.endsWith("/pki/" + cert.path());
            };
            if (match) {
                return Optional.of(new Leaf(cert));
            }
        }
        if (p.endsWith("/pki/" + KubeadmCertificate.KUBELET_SERVING_ROTATED_PATH)) {
            return Optional.of(new Leaf(KubeadmCertificate.KUBELET_SERVING));
        }
        return Optional.empty();
    }
}
