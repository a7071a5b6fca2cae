package io.certfleet.events;

import java.time.Instant;

/**
 * One certificate replaced on a node during a renewal.
 *
 * @param name the kubeadm name, e.g. {@code apiserver} or {@code admin.conf}
 * @param path the file written, e.g. {@code /etc/kubernetes/pki/apiserver.crt}
 * @param oldNotAfter expiry of the replaced certificate; absent when there was none
 * @param newNotAfter expiry of the new certificate
 * @param sha256 fingerprint of the new certificate (64 lowercase hex characters)
 */
public record RenewedCertificate(
        String name, String path, @OptionalField Instant oldNotAfter, Instant newNotAfter, String sha256) {
    public RenewedCertificate {
        Fields.text(name, "name");
        Fields.text(path, "path");
        Fields.required(newNotAfter, "newNotAfter");
        Fields.sha256(sha256, "sha256");
    }
}
