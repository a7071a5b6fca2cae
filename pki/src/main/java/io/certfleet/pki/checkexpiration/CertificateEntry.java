package io.certfleet.pki.checkexpiration;

import io.certfleet.pki.inspect.CertificateFacts;
import io.certfleet.pki.inspect.Finding;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One certificate at one place, as {@code check-expiration} and {@code scan} report it (one element of
 * the JSON {@code certificates} / {@code certificateAuthorities} arrays).
 *
 * @param name the kubeadm name ({@code apiserver}, {@code admin.conf}, {@code ca}, {@code
 *     kubelet-client}, ...) when the place is a kubeadm one
 * @param index 0 for the first certificate of the file, 1.. for further bundle members
 * @param path the file, as given (symlinks not resolved)
 * @param source where inside the file, e.g. {@code PEM block 2}
 * @param facts the public facts
 * @param residualSeconds seconds until notAfter at report time, negative once expired
 * @param certificateAuthority the kubeadm CA that signs it ({@code ca}, {@code etcd-ca}, {@code
 *     front-proxy-ca}); empty for CAs themselves, self-signed kubelet serving certificates and
 *     unknown files
 * @param externallyManaged kubeadm's meaning: the CA's key is not on disk (for a CA: its own key; for
 *     a leaf: its CA's), so kubeadm cannot renew it
 * @param findings odd encodings and deviations from the Kubernetes PKI requirements
 */
public record CertificateEntry(
        Optional<String> name,
        int index,
        String path,
        String source,
        CertificateFacts facts,
        long residualSeconds,
        Optional<String> certificateAuthority,
        boolean externallyManaged,
        List<Finding> findings) {

    public CertificateEntry {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(facts, "facts");
        Objects.requireNonNull(certificateAuthority, "certificateAuthority");
        findings = List.copyOf(findings);
    }

    /** The name shown in a table: {@code ca}, and {@code ca[1]} for a second bundle member. */
    public String displayName() {
        String base = name.orElse(path);
        return index == 0 ? base : base + "[" + index + "]";
    }
}
