package io.certfleet.renewal.adapter.out;

import io.certfleet.renewal.application.ClusterApiException;
import io.certfleet.renewal.application.ClusterProfile;
import io.certfleet.renewal.application.ExternalSigner;
import io.certfleet.renewal.config.ExternalCaSettings;
import io.certfleet.renewal.domain.execution.FailureReason;
import io.certfleet.renewal.domain.execution.StepResult.SigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link ExternalSigner} through the workload cluster's Kubernetes CSR API ({@code certificates.k8s.io/v1}): a
 * CertificateSigningRequest per certificate, for the organisation's signer controller of its {@code signerName}, approved
 * by renewal-service unless another approver is configured; the certificate is read from {@code status.certificate}.
 * The cluster's API must answer (not break-glass).
 */
final class KubernetesCsrSigner implements ExternalSigner {
    static final String REASON_APPROVED = "CertfleetRenewal";

    private final Function<ClusterProfile, KubernetesClient> clients;
    private final ExternalCaSettings settings;
    private final Clock clock;

    /**
     * @param clients a new client of a cluster's API, closed after each call
     */
    KubernetesCsrSigner(Function<ClusterProfile, KubernetesClient> clients, ExternalCaSettings settings, Clock clock) {
        this.clients = clients;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    public String kind() {
        return "kubernetes-csr-api";
    }

    @Override
    public boolean needsClusterApi() {
        return true;
    }

    @Override
    public void submit(ClusterProfile cluster, SigningRequest request) {
        String what = "CertificateSigningRequest " + request.reference() + " in " + cluster.id();
        try (KubernetesClient client = clients.apply(cluster)) {
            var resource =
                    client.certificates().v1().certificateSigningRequests().withName(request.reference());
            Fabric8Clusters.call(what, () -> {
                CertificateSigningRequest existing = resource.get();
                if (existing == null) {
                    resource.create(csr(request));
                    existing = resource.get();
                } else if (!encoded(request).equals(existing.getSpec().getRequest())) {
                    throw new ClusterApiException(
                            FailureReason.POLICY,
                            what + " exists with another request; it is not certfleet's for this renewal");
                }
                if (settings.approve() && Fabric8ServingCsrs.isPending(existing)) {
                    resource.approve(approval(request));
                }
                return null;
            });
        }
    }

    @Override
    public Signing status(ClusterProfile cluster, SigningRequest request) {
        String what = "CertificateSigningRequest " + request.reference() + " in " + cluster.id();
        try (KubernetesClient client = clients.apply(cluster)) {
            CertificateSigningRequest csr = Fabric8Clusters.call(
                    what,
                    () -> client.certificates()
                            .v1()
                            .certificateSigningRequests()
                            .withName(request.reference())
                            .get());
            if (csr == null) {
                return new Signing.Refused(what + " is gone (deleted before it was signed)");
            }
            List<CertificateSigningRequestCondition> conditions = conditions(csr);
            Optional<CertificateSigningRequestCondition> refused = conditions.stream()
                    .filter(c -> "Denied".equals(c.getType()) || "Failed".equals(c.getType()))
                    .findFirst();
            if (refused.isPresent()) {
                return new Signing.Refused(what + " " + refused.get().getType() + " by " + request.signerName()
                        + ": " + Optional.ofNullable(refused.get().getReason()).orElse("")
                        + Optional.ofNullable(refused.get().getMessage())
                                .map(m -> " " + m)
                                .orElse(""));
            }
            String certificate =
                    csr.getStatus() == null ? null : csr.getStatus().getCertificate();
            if (certificate != null && !certificate.isBlank()) {
                try {
                    return new Signing.Issued(
                            new String(Base64.getDecoder().decode(certificate), StandardCharsets.US_ASCII));
                } catch (IllegalArgumentException e) {
                    return new Signing.Refused(what + ": status.certificate is not base64");
                }
            }
            boolean approved = conditions.stream().anyMatch(c -> "Approved".equals(c.getType()));
            return new Signing.Pending(what + (approved ? " is approved and" : " is not approved yet and")
                    + " waits for signer " + request.signerName());
        }
    }

    private CertificateSigningRequest csr(SigningRequest request) {
        return new CertificateSigningRequestBuilder()
                .withNewMetadata()
                .withName(request.reference())
                .withLabels(request.labels())
                .endMetadata()
                .withNewSpec()
                .withSignerName(request.signerName())
                .withRequest(encoded(request))
                .withUsages(request.usages())
                .withExpirationSeconds((int) Math.min(Integer.MAX_VALUE, request.expirationSeconds()))
                .endSpec()
                .build();
    }

    private CertificateSigningRequestCondition approval(SigningRequest request) {
        String now = clock.instant().toString();
        return new CertificateSigningRequestConditionBuilder()
                .withType("Approved")
                .withStatus("True")
                .withReason(REASON_APPROVED)
                .withMessage("certfleet renews " + request.name() + " (" + request.labels() + ")")
                .withLastUpdateTime(now)
                .withLastTransitionTime(now)
                .build();
    }

    private static String encoded(SigningRequest request) {
        return Base64.getEncoder().encodeToString(request.csr().getBytes(StandardCharsets.US_ASCII));
    }

    private static List<CertificateSigningRequestCondition> conditions(CertificateSigningRequest csr) {
        return csr.getStatus() == null || csr.getStatus().getConditions() == null
                ? List.of()
                : csr.getStatus().getConditions();
    }
}
