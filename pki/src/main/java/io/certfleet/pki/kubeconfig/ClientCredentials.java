package io.certfleet.pki.kubeconfig;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Objects;

/** How a kubeconfig user authenticates: an embedded client certificate and key, or files. */
public sealed interface ClientCredentials {

    /**
     * {@code client-certificate-data} and {@code client-key-data}, as kubeadm writes admin.conf.
     * {@link #toString()} never shows the key.
     */
    record Embedded(X509Certificate certificate, PrivateKey privateKey) implements ClientCredentials {
        public Embedded {
            Objects.requireNonNull(certificate, "certificate");
            Objects.requireNonNull(privateKey, "privateKey");
        }

        @Override
        public String toString() {
            return "Embedded[subject=" + certificate.getSubjectX500Principal().getName() + ", key=(redacted)]";
        }
    }

    /**
     * {@code client-certificate} and {@code client-key} paths, as a kubelet.conf pointing at {@code
     * /var/lib/kubelet/pki/kubelet-client-current.pem} for both.
     */
    record Files(String certificatePath, String keyPath) implements ClientCredentials {
        public Files {
            Objects.requireNonNull(certificatePath, "certificatePath");
            Objects.requireNonNull(keyPath, "keyPath");
        }
    }
}
