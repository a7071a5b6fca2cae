package io.certfleet.events;

/** Where a scanned certificate was observed. */
public enum SourceKind {
    /** A PEM/DER file on a node's disk, e.g. {@code /etc/kubernetes/pki/apiserver.crt}. */
    NODE_FILE,
    /** A client certificate embedded in a kubeconfig, e.g. {@code /etc/kubernetes/admin.conf}. */
    KUBECONFIG,
    /** The certificate served by a TLS endpoint (API server 6443, etcd 2379/2380, kubelet 10250). */
    TLS_ENDPOINT,
    /** A Kubernetes Secret, e.g. {@code kubernetes.io/tls} or a Cluster API {@code <cluster>-ca}. */
    SECRET,
    /** An issued CertificateSigningRequest. */
    CSR,
    /** A CA bundle trusted by the cluster, e.g. TKG {@code additionalTrustedCAs}. */
    TRUST_BUNDLE
}
