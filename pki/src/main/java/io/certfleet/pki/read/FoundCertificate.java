package io.certfleet.pki.read;

import io.certfleet.pki.inspect.InspectedCertificate;
import java.util.Objects;

/**
 * One certificate found in a source.
 *
 * @param index 0 for the first certificate of the source, 1.. for further bundle members
 * @param source where inside the source it was, e.g. {@code PEM block 2} or {@code kubeconfig user
 *     'kubernetes-admin' client-certificate-data}
 * @param kind what role the certificate plays in its source
 * @param certificate the certificate and what inspecting it found
 */
public record FoundCertificate(int index, String source, Kind kind, InspectedCertificate certificate) {

    /** The role a certificate plays in its source. */
    public enum Kind {
        /** A certificate file, bundle member, PKCS#12 or Secret entry. */
        CERTIFICATE,
        /** The client certificate of a kubeconfig user ({@code client-certificate[-data]}). */
        KUBECONFIG_CLIENT,
        /** The CA a kubeconfig cluster trusts ({@code certificate-authority[-data]}). */
        KUBECONFIG_CLUSTER_AUTHORITY
    }

    public FoundCertificate {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative");
        }
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(certificate, "certificate");
    }
}
