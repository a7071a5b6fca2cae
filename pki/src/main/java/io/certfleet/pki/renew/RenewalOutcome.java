package io.certfleet.pki.renew;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What happened to one certificate of a renewal run, always with the public facts or a reason. */
public sealed interface RenewalOutcome {

    /** The kubeadm name ({@code apiserver}, {@code admin.conf}, ...). */
    String name();

    /**
     * The certificate was re-issued with a new key and written in place.
     *
     * @param path the file that now holds it (the kubeconfig for {@code *.conf})
     * @param oldNotAfter expiry of the certificate it replaced
     * @param newNotAfter expiry of the new certificate
     * @param sha256 SHA-256 fingerprint of the new certificate's DER, lowercase hex
     */
    record Renewed(String name, Path path, Instant oldNotAfter, Instant newNotAfter, String sha256)
            implements RenewalOutcome {
        public Renewed {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(oldNotAfter, "oldNotAfter");
            Objects.requireNonNull(newNotAfter, "newNotAfter");
            Objects.requireNonNull(sha256, "sha256");
        }
    }

    /** Deliberately not renewed (externally managed CA, file absent, left to the kubelet, a CA). */
    record Skipped(String name, String reason) implements RenewalOutcome {
        public Skipped {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * Renewal was attempted and did not happen; the file is unchanged (or, after an I/O failure while
     * writing, either old or new, never torn — a re-run completes it).
     *
     * @param retryHelps whether running again may succeed (I/O) or something must be fixed first
     */
    record Failed(String name, String reason, boolean retryHelps) implements RenewalOutcome {
        public Failed {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * {@code --csr-only}: a new key and a certificate signing request for an external CA were written;
     * the live certificate is untouched (kubeadm {@code certs renew --csr-only}). {@link
     * KubeadmRenewal#install} later installs what the CA signed, with the staged key.
     *
     * @param path the live certificate the CSR renews
     * @param csrPath the PKCS#10 request ({@code <name>.csr})
     * @param keyPath the new private key ({@code <name>.key}, or the partial kubeconfig {@code <name>}
     *     holding it for {@code *.conf})
     * @param request the PKCS#10 request as PEM ({@code CERTIFICATE REQUEST}); public
     * @param usages what the live certificate may be used for, as the Kubernetes {@code
     *     certificates.k8s.io/v1} usages ({@code "digital signature"}, {@code "key encipherment"},
     *     {@code "server auth"}, {@code "client auth"}, ...): the request itself carries none
     */
    record CsrGenerated(String name, Path path, Path csrPath, Path keyPath, String request, List<String> usages)
            implements RenewalOutcome {
        public CsrGenerated {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(csrPath, "csrPath");
            Objects.requireNonNull(keyPath, "keyPath");
            Objects.requireNonNull(request, "request");
            usages = List.copyOf(usages);
        }
    }
}
