package io.certfleet.pki.kubeadm;

import java.util.List;

/**
 * The three certificate authorities of a kubeadm cluster (seed 003, "required CAs"). Paths are
 * relative to the certificate directory ({@code /etc/kubernetes/pki}).
 *
 * <p>{@code defaultCommonName} is the CN of the Kubernetes documentation table; kubeadm itself names
 * them {@code kubernetes}, {@code etcd-ca} and {@code front-proxy-ca}, both are accepted as
 * {@link #knownCommonNames()}.
 */
public enum CertificateAuthority {
    CA("ca", "kubernetes-ca", List.of("kubernetes-ca", "kubernetes"), "ca.crt", "ca.key"),
    ETCD_CA("etcd-ca", "etcd-ca", List.of("etcd-ca"), "etcd/ca.crt", "etcd/ca.key"),
    FRONT_PROXY_CA(
            "front-proxy-ca",
            "kubernetes-front-proxy-ca",
            List.of("kubernetes-front-proxy-ca", "front-proxy-ca"),
            "front-proxy-ca.crt",
            "front-proxy-ca.key");

    private final String kubeadmName;
    private final String defaultCommonName;
    private final List<String> knownCommonNames;
    private final String certificatePath;
    private final String keyPath;

    CertificateAuthority(
            String kubeadmName,
            String defaultCommonName,
            List<String> knownCommonNames,
            String certificatePath,
            String keyPath) {
        this.kubeadmName = kubeadmName;
        this.defaultCommonName = defaultCommonName;
        this.knownCommonNames = knownCommonNames;
        this.certificatePath = certificatePath;
        this.keyPath = keyPath;
    }

    /** The name {@code kubeadm certs check-expiration} prints: {@code ca}, {@code etcd-ca}, {@code front-proxy-ca}. */
    public String kubeadmName() {
        return kubeadmName;
    }

    public String defaultCommonName() {
        return defaultCommonName;
    }

    public List<String> knownCommonNames() {
        return knownCommonNames;
    }

    /** Relative to the certificate directory. */
    public String certificatePath() {
        return certificatePath;
    }

    /** Relative to the certificate directory; its absence means the CA is externally managed. */
    public String keyPath() {
        return keyPath;
    }

    public static CertificateAuthority byKubeadmName(String name) {
        for (CertificateAuthority ca : values()) {
            if (ca.kubeadmName.equals(name)) {
                return ca;
            }
        }
        throw new IllegalArgumentException("unknown certificate authority '" + name + "'");
    }
}
