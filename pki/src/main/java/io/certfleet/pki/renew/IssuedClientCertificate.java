package io.certfleet.pki.renew;

import io.certfleet.pki.issue.Pem;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Objects;

/**
 * A client certificate issued for a public key someone else holds, with the identity (subject, SANs,
 * usages) of a kubeconfig's current client certificate: what a management cluster's {@code
 * <cluster>-kubeconfig} Secret needs without the kubeconfig's private key ever leaving the node.
 * Only public material.
 *
 * @param name the kubeadm name whose identity it carries ({@code admin.conf}, {@code super-admin.conf})
 * @param kubeconfig the kubeconfig that identity was read from (nothing was written to it)
 * @param certificate the issued certificate, signed by the cluster CA on disk
 */
public record IssuedClientCertificate(String name, Path kubeconfig, X509Certificate certificate) {

    public IssuedClientCertificate {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kubeconfig, "kubeconfig");
        Objects.requireNonNull(certificate, "certificate");
    }

    /** The certificate as one PEM {@code CERTIFICATE} block. */
    public String pem() {
        return Pem.encodeCertificate(certificate);
    }

    /** SHA-256 of the certificate's DER, lowercase hex. */
    public String sha256() {
        return RenewalSigner.sha256(certificate);
    }

    public Instant notAfter() {
        return certificate.getNotAfter().toInstant();
    }
}
