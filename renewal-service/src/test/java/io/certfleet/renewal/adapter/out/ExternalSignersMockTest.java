package io.certfleet.renewal.adapter.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certfleet.fleetsim.MockServers;
import io.certfleet.renewal.application.ClusterApiException;
import io.certfleet.renewal.application.ClusterProfile;
import io.certfleet.renewal.application.ExternalSigner;
import io.certfleet.renewal.application.ExternalSigner.Signing;
import io.certfleet.renewal.config.ExternalCaSettings;
import io.certfleet.renewal.config.TestSettings;
import io.certfleet.renewal.domain.execution.FailureReason;
import io.certfleet.renewal.domain.execution.StepResult.SigningRequest;
import io.certfleet.renewal.domain.policy.ClusterFlavour;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two external signers: the Kubernetes CSR API (the Fabric8 mock server in CRUD mode, with the approval
 * subresource) and the hand-off directory. Submitting is idempotent, a different request under the same name is
 * refused, and the state is read back as pending, issued or refused with the signer's reason.
 */
class ExternalSignersMockTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final String CSR_PEM =
            "-----BEGIN CERTIFICATE REQUEST-----\nMIIBfake\n-----END CERTIFICATE REQUEST-----\n";
    private static final String CERT_PEM = "-----BEGIN CERTIFICATE-----\nMIIBissued\n-----END CERTIFICATE-----\n";
    private static final ClusterProfile CLUSTER = new ClusterProfile(
            "edge-07",
            ClusterFlavour.KUBEADM,
            Map.of(),
            Optional.empty(),
            Optional.of(new ClusterProfile.ManagementRef("mgmt", "edge-07", "edge-07")),
            List.of());

    private KubernetesMockServer server;
    private KubernetesClient api;

    @TempDir
    Path handOff;

    @BeforeEach
    void apiServer() {
        server = CsrMockApi.start();
        api = server.createClient();
    }

    @AfterEach
    void stop() {
        api.close();
        MockServers.destroy(server);
    }

    @Test
    void theCsrApiGetsOneApprovedRequestPerCertificateAndTheSignersAnswerIsReadBack() {
        ExternalSigner signer = kubernetes(true);
        SigningRequest request = request("certfleet-1a2b3c4d-1-cp-1-apiserver", CSR_PEM);

        signer.submit(CLUSTER, request);
        signer.submit(CLUSTER, request); // a re-run after a crash: the same one, not a second

        assertThat(api.certificates().v1().certificateSigningRequests().list().getItems())
                .hasSize(1);
        CertificateSigningRequest csr = csr(request.reference());
        assertThat(csr.getSpec().getSignerName()).isEqualTo("example.com/kubernetes-ca");
        assertThat(csr.getSpec().getUsages()).containsExactly("digital signature", "key encipherment", "server auth");
        assertThat(csr.getSpec().getExpirationSeconds())
                .isEqualTo((int) Duration.ofDays(365).toSeconds());
        assertThat(new String(Base64.getDecoder().decode(csr.getSpec().getRequest()), StandardCharsets.US_ASCII))
                .isEqualTo(CSR_PEM);
        assertThat(csr.getMetadata().getLabels()).containsEntry(ExternalSigner.LABEL_NODE, "cp-1");
        assertThat(csr.getStatus().getConditions()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo("Approved");
            assertThat(c.getReason()).isEqualTo(KubernetesCsrSigner.REASON_APPROVED);
        });
        assertThat(signer.status(CLUSTER, request))
                .isInstanceOfSatisfying(
                        Signing.Pending.class,
                        p -> assertThat(p.note())
                                .contains("is approved and waits for signer example.com/kubernetes-ca"));

        // the organisation's signer controller issues it
        api.certificates()
                .v1()
                .certificateSigningRequests()
                .withName(request.reference())
                .editStatus(c -> {
                    c.getStatus()
                            .setCertificate(
                                    Base64.getEncoder().encodeToString(CERT_PEM.getBytes(StandardCharsets.US_ASCII)));
                    return c;
                });
        assertThat(signer.status(CLUSTER, request)).isEqualTo(new Signing.Issued(CERT_PEM));
    }

    @Test
    void aDeniedRequestIsRefusedWithTheSignersReasonAndAForeignOneUnderOurNameIsNotTouched() {
        ExternalSigner signer = kubernetes(false);
        SigningRequest request = request("certfleet-1a2b3c4d-1-cp-1-admin.conf", CSR_PEM);
        signer.submit(CLUSTER, request);
        assertThat(csr(request.reference()).getStatus() == null
                        || csr(request.reference()).getStatus().getConditions() == null
                        || csr(request.reference()).getStatus().getConditions().isEmpty())
                .as("approve=false leaves approval to someone else")
                .isTrue();
        assertThat(signer.status(CLUSTER, request))
                .isInstanceOfSatisfying(
                        Signing.Pending.class, p -> assertThat(p.note()).contains("is not approved yet"));

        api.certificates()
                .v1()
                .certificateSigningRequests()
                .withName(request.reference())
                .deny(new CertificateSigningRequestConditionBuilder()
                        .withType("Denied")
                        .withStatus("True")
                        .withReason("PolicyViolation")
                        .withMessage("admin identities are issued by the PKI team only")
                        .build());
        assertThat(signer.status(CLUSTER, request))
                .isInstanceOfSatisfying(
                        Signing.Refused.class,
                        r -> assertThat(r.reason())
                                .contains(
                                        "Denied by example.com/kubernetes-ca: PolicyViolation admin identities are issued"));

        assertThatThrownBy(() -> signer.submit(CLUSTER, request(request.reference(), CSR_PEM.replace("fake", "other"))))
                .isInstanceOfSatisfying(
                        ClusterApiException.class, e -> assertThat(e.reason()).isEqualTo(FailureReason.POLICY))
                .hasMessageContaining("exists with another request");

        api.certificates()
                .v1()
                .certificateSigningRequests()
                .withName(request.reference())
                .delete();
        assertThat(signer.status(CLUSTER, request))
                .isInstanceOfSatisfying(
                        Signing.Refused.class, r -> assertThat(r.reason()).contains("is gone"));
    }

    @Test
    void theHandOffDirectoryHoldsTheRequestAndWhatIsAskedAndReadsTheAnswer() throws Exception {
        ExternalSigner signer = new DirectorySigner(handOff);
        SigningRequest request = request("certfleet-1a2b3c4d-1-cp-1-apiserver", CSR_PEM);
        signer.submit(CLUSTER, request);
        signer.submit(CLUSTER, request);

        Path folder = handOff.resolve("edge-07").resolve("cp-1");
        assertThat(folder.resolve(request.reference() + ".csr")).hasContent(CSR_PEM.strip());
        assertThat(Files.readString(folder.resolve(request.reference() + ".json")))
                .contains(
                        "\"signerName\" : \"example.com/kubernetes-ca\"", "server auth", request.reference() + ".crt");
        assertThat(signer.status(CLUSTER, request)).isInstanceOf(Signing.Pending.class);
        assertThatThrownBy(() -> signer.submit(CLUSTER, request(request.reference(), CSR_PEM.replace("fake", "x"))))
                .hasMessageContaining("exists with another request");

        Files.writeString(folder.resolve(request.reference() + ".crt"), CERT_PEM);
        assertThat(signer.status(CLUSTER, request)).isEqualTo(new Signing.Issued(CERT_PEM));

        SigningRequest other = request("certfleet-1a2b3c4d-1-cp-1-admin.conf", CSR_PEM);
        signer.submit(CLUSTER, other);
        Files.writeString(
                folder.resolve(other.reference() + ".denied"), "ticket PKI-42: not before the change window\n");
        assertThat(signer.status(CLUSTER, other))
                .isInstanceOfSatisfying(
                        Signing.Refused.class,
                        r -> assertThat(r.reason()).endsWith("ticket PKI-42: not before the change window"));

        SigningRequest escaping = new SigningRequest(
                "../../etc/passwd",
                "apiserver",
                "ca",
                "x",
                CSR_PEM,
                List.of(),
                1,
                Map.of(ExternalSigner.LABEL_NODE, "cp-1"));
        assertThatThrownBy(() -> signer.submit(CLUSTER, escaping))
                .isInstanceOf(ClusterApiException.class)
                .hasMessageContaining("cannot name a file");
    }

    private ExternalSigner kubernetes(boolean approve) {
        ExternalCaSettings settings = TestSettings.externalCa(approve, Duration.ofSeconds(1), Duration.ofHours(1));
        // the signer closes its client after each call: hand it one of its own each time
        return new KubernetesCsrSigner(cluster -> server.createClient(), settings, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private static SigningRequest request(String reference, String csr) {
        return new SigningRequest(
                reference,
                reference.endsWith("admin.conf") ? "admin.conf" : "apiserver",
                "ca",
                "example.com/kubernetes-ca",
                csr,
                List.of("digital signature", "key encipherment", "server auth"),
                Duration.ofDays(365).toSeconds(),
                Map.of(
                        ExternalSigner.LABEL_RENEWAL, "1a2b3c4d-0000-0000-0000-000000000000",
                        ExternalSigner.LABEL_CLUSTER, "edge-07",
                        ExternalSigner.LABEL_NODE, "cp-1"));
    }

    private CertificateSigningRequest csr(String name) {
        return api.certificates()
                .v1()
                .certificateSigningRequests()
                .withName(name)
                .get();
    }
}
