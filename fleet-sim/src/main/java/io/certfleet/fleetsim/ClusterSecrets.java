package io.certfleet.fleetsim;

import io.certfleet.pki.issue.CertifiedKey;
import java.security.KeyPair;

/**
 * What the management API's Secrets of one cluster hold: the CAs with their keys (CAPI's
 * {@code -ca}, {@code -etcd}, {@code -proxy}), the service-account key pair ({@code -sa}), the
 * admin kubeconfig ({@code -kubeconfig}) and the node SSH key ({@code -ssh}). Never printed.
 */
record ClusterSecrets(
        CertifiedKey ca,
        CertifiedKey etcdCa,
        CertifiedKey frontProxyCa,
        KeyPair serviceAccount,
        String kubeconfig,
        String sshPrivateKeyPem,
        String sshPublicKey) {

    @Override
    public String toString() {
        return "ClusterSecrets[redacted]";
    }
}
