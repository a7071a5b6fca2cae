package io.certfleet.pki.kubeconfig;

import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * The content of a single-cluster, single-user kubeconfig as kubeadm and Cluster API write them.
 *
 * @param clusterName the {@code clusters[].name} ({@code kubernetes} for kubeadm, the cluster name for CAPI)
 * @param server the API server URL
 * @param certificateAuthority the CA embedded as {@code certificate-authority-data}
 * @param userName the {@code users[].name} (the credential name of the seed 003 table)
 * @param credentials client certificate and key, embedded or by path
 * @param contextName the context and {@code current-context}
 */
public record KubeconfigSpec(
        String clusterName,
        String server,
        X509Certificate certificateAuthority,
        String userName,
        ClientCredentials credentials,
        String contextName) {

    public KubeconfigSpec {
        Objects.requireNonNull(clusterName, "clusterName");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(certificateAuthority, "certificateAuthority");
        Objects.requireNonNull(userName, "userName");
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(contextName, "contextName");
    }

    /** kubeadm's naming: context {@code <user>@<cluster>}. */
    public static KubeconfigSpec kubeadm(
            String clusterName,
            String server,
            X509Certificate certificateAuthority,
            String userName,
            ClientCredentials credentials) {
        return new KubeconfigSpec(
                clusterName, server, certificateAuthority, userName, credentials, userName + "@" + clusterName);
    }

    @Override
    public String toString() {
        return "KubeconfigSpec[cluster=" + clusterName + ", server=" + server + ", user=" + userName + ", credentials="
                + credentials + ", context=" + contextName + "]";
    }
}
