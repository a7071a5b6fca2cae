package io.certfleet.renewal.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code EXTERNAL_CA} strategy, under {@code certfleet.renewal.external-ca}.
 *
 * @param signer {@code kubernetes} (CertificateSigningRequests in the workload cluster, signed by the organisation's
 *     signer controller for {@link #signerNames()}) or {@code directory} (CSRs written to {@link #directory()}, the
 *     signed certificate picked up from there: an offline CA, a ticket to the PKI team)
 * @param signerNames {@code spec.signerName} per kubeadm CA ({@code ca}, {@code etcd-ca}, {@code front-proxy-ca});
 *     default {@code certfleet.io/<ca>}
 * @param approve whether renewal-service approves the CSRs it submits (it decided the renewal); off when another
 *     approver must
 * @param directory for {@code signer: directory}: {@code <directory>/<cluster>/<node>/<reference>.csr} is written,
 *     {@code .crt} (issued) or {@code .denied} (a reason) is read back
 * @param pollInterval how often a pending request is looked at
 * @param signingTimeout how long the signer may take before the renewal fails (nothing on the node changed by then)
 */
@ConfigurationProperties("certfleet.renewal.external-ca")
public record ExternalCaSettings(
        @Bindable(defaultValue = "kubernetes") String signer,
        @Nullable Map<String, String> signerNames,
        @Bindable(defaultValue = "true") boolean approve,
        @Nullable String directory,
        @Bindable(defaultValue = "10s") Duration pollInterval,
        @Bindable(defaultValue = "4h") Duration signingTimeout) {

    public static final String KUBERNETES = "kubernetes";
    public static final String DIRECTORY = "directory";

    public ExternalCaSettings {
        signer = signer == null || signer.isBlank() ? KUBERNETES : signer.trim();
        if (!signer.equals(KUBERNETES) && !signer.equals(DIRECTORY)) {
            throw new IllegalArgumentException(
                    "certfleet.renewal.external-ca.signer must be kubernetes or directory, not '" + signer + "'");
        }
        if (signer.equals(DIRECTORY) && (directory == null || directory.isBlank())) {
            throw new IllegalArgumentException(
                    "certfleet.renewal.external-ca.signer is directory but certfleet.renewal.external-ca.directory is not set");
        }
        signerNames = signerNames == null ? Map.of() : Map.copyOf(signerNames);
        if (pollInterval == null || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException(
                    "certfleet.renewal.external-ca.poll-interval must be a positive duration");
        }
        if (signingTimeout == null || signingTimeout.isNegative() || signingTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "certfleet.renewal.external-ca.signing-timeout must be a positive duration");
        }
    }

    /** The {@code signerName} for certificates of this kubeadm CA. */
    public String signerName(String authority) {
        return Optional.ofNullable(signerNames.get(authority)).orElse("certfleet.io/" + authority);
    }

    public static ExternalCaSettings defaults() {
        return new ExternalCaSettings(null, null, true, null, Duration.ofSeconds(10), Duration.ofHours(4));
    }
}
