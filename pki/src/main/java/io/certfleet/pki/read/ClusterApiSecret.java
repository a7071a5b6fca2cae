package io.certfleet.pki.read;

import io.certfleet.pki.kubeadm.CertificateAuthority;
import java.util.Optional;

/**
 * The Secrets Cluster API keeps per workload cluster in the management cluster, recognized by the
 * name suffix: {@code <cluster>-ca}, {@code -etcd}, {@code -proxy}, {@code -sa}, {@code -kubeconfig}.
 */
public enum ClusterApiSecret {
    /** The cluster CA ({@code tls.crt}/{@code tls.key}): kubeadm's {@code ca}. */
    CA("-ca", Optional.of(CertificateAuthority.CA)),
    /** The etcd CA: kubeadm's {@code etcd-ca}. */
    ETCD("-etcd", Optional.of(CertificateAuthority.ETCD_CA)),
    /** The front-proxy CA: kubeadm's {@code front-proxy-ca}. */
    PROXY("-proxy", Optional.of(CertificateAuthority.FRONT_PROXY_CA)),
    /** The service-account key pair: no certificate. */
    SA("-sa", Optional.empty()),
    /** An admin kubeconfig under the data key {@code value}. */
    KUBECONFIG("-kubeconfig", Optional.empty());

    private final String suffix;
    private final Optional<CertificateAuthority> authority;

    ClusterApiSecret(String suffix, Optional<CertificateAuthority> authority) {
        this.suffix = suffix;
        this.authority = authority;
    }

    public String suffix() {
        return suffix;
    }

    /** The kubeadm CA this Secret holds, for the three CA Secrets. */
    public Optional<CertificateAuthority> authority() {
        return authority;
    }

    /** The Secret name for a cluster: {@code name("prod-1")} of {@link #CA} is {@code prod-1-ca}. */
    public String secretName(String clusterName) {
        return clusterName + suffix;
    }

    /** Recognizes a Secret name; the longest matching suffix wins ({@code x-kubeconfig}, not {@code -ca}). */
    public static Optional<ClusterApiSecret> of(String secretName) {
        ClusterApiSecret best = null;
        for (ClusterApiSecret kind : values()) {
            if (secretName.endsWith(kind.suffix)
                    && secretName.length() > kind.suffix.length()
                    && (best == null || kind.suffix.length() > best.suffix.length())) {
                best = kind;
            }
        }
        return Optional.ofNullable(best);
    }
}
