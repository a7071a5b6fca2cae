package io.certfleet.renewal.adapter.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.fleetsim.MockServers;
import io.certfleet.renewal.application.ClusterDirectory;
import io.certfleet.renewal.application.ClusterProfile;
import io.certfleet.renewal.application.CsrDecisions;
import io.certfleet.renewal.application.ReviewServingCsrs;
import io.certfleet.renewal.config.CsrApproverSettings;
import io.certfleet.renewal.domain.csr.TestCsrs;
import io.certfleet.renewal.domain.policy.ClusterFlavour;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequest;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kubelet-serving CSR approver against a Kubernetes API (the Fabric8 mock server in CRUD mode): pending CSRs are
 * listed, each reviewed against its Node, approved or denied with the reason as the condition's message; CSRs of other
 * signers and decided ones are left alone.
 */
class Fabric8ServingCsrsMockTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String WORKER = "system:node:worker-1";
    private static final List<String> OWN = List.of("DNS:worker-1", "IP:10.0.0.21");
    private static final List<String> SERVING = List.of("digital signature", "key encipherment", "server auth");

    private KubernetesMockServer server;
    private KubernetesClient api;
    private final List<String> audit = new ArrayList<>();

    @BeforeEach
    void apiServer() {
        server = CsrMockApi.start();
        api = server.createClient();
        node("worker-1", "10.0.0.21");
        node("control-plane-1", "10.0.0.11");
    }

    @AfterEach
    void stop() {
        api.close();
        MockServers.destroy(server);
    }

    @Test
    void approvesTheValidRequestAndDeniesEachForgeryWithItsReason() {
        csr("valid", "kubernetes.io/kubelet-serving", WORKER, subject(WORKER), OWN, SERVING, null);
        csr("wrong-signer", "kubernetes.io/kube-apiserver-client-kubelet", WORKER, subject(WORKER), OWN, SERVING, null);
        csr(
                "cn-not-requester",
                "kubernetes.io/kubelet-serving",
                WORKER,
                subject("system:node:control-plane-1"),
                OWN,
                SERVING,
                null);
        csr(
                "dns-of-other-node",
                "kubernetes.io/kubelet-serving",
                WORKER,
                subject(WORKER),
                List.of("DNS:worker-1", "DNS:control-plane-1"),
                SERVING,
                null);
        csr(
                "ip-of-other-node",
                "kubernetes.io/kubelet-serving",
                WORKER,
                subject(WORKER),
                List.of("DNS:worker-1", "IP:10.0.0.11"),
                SERVING,
                null);
        csr(
                "unknown-node",
                "kubernetes.io/kubelet-serving",
                "system:node:ghost",
                subject("system:node:ghost"),
                List.of("DNS:ghost"),
                SERVING,
                null);
        csr("too-long", "kubernetes.io/kubelet-serving", WORKER, subject(WORKER), OWN, SERVING, (int)
                Duration.ofDays(3650).toSeconds());
        // not this approver's: another controller signs these
        csr(
                "client-cert",
                "kubernetes.io/kube-apiserver-client-kubelet",
                WORKER,
                subject(WORKER),
                List.of(),
                List.of("digital signature", "client auth"),
                null);
        csr("custom-signer", "example.com/serving", WORKER, subject(WORKER), OWN, SERVING, null);

        ReviewServingCsrs.Pass pass = review().reviewAll();

        assertThat(pass).isEqualTo(new ReviewServingCsrs.Pass(1, 6, 0));
        assertThat(condition("valid")).hasValueSatisfying(c -> {
            assertThat(c.getType()).isEqualTo("Approved");
            assertThat(c.getReason()).isEqualTo(Fabric8ServingCsrs.REASON_APPROVED);
        });
        assertDenied("wrong-signer", "is not kubernetes.io/kubelet-serving");
        assertDenied("cn-not-requester", "CN system:node:control-plane-1 is not the requester");
        assertDenied("dns-of-other-node", "[DNS:control-plane-1] do not belong to node worker-1");
        assertDenied("ip-of-other-node", "[IP:10.0.0.11] do not belong to node worker-1");
        assertDenied("unknown-node", "names node ghost, which does not exist");
        assertDenied("too-long", "exceeds the cap of 365d");
        assertThat(condition("client-cert")).isEmpty();
        assertThat(condition("custom-signer")).isEmpty();
        assertThat(audit).hasSize(7).contains("valid APPROVED", "unknown-node DENIED");

        // decided CSRs are not reviewed again
        assertThat(review().reviewAll()).isEqualTo(new ReviewServingCsrs.Pass(0, 0, 0));
    }

    /**
     * The CRUD mock has no {@code approval} subresource: this API writes what it is sent there into the CSR's status,
     * which is what the real API server's subresource does (and the only way it lets Approved/Denied be set).
     */
    private ReviewServingCsrs review() {
        ClusterProfile cluster = new ClusterProfile(
                "edge-07",
                ClusterFlavour.KUBEADM,
                Map.of(),
                Optional.empty(),
                Optional.of(new ClusterProfile.ManagementRef("mgmt", "edge-07", "edge-07")),
                List.of());
        ClusterDirectory directory = new ClusterDirectory() {
            @Override
            public Optional<ClusterProfile> find(String clusterId) {
                return Optional.of(cluster).filter(c -> c.id().equals(clusterId));
            }

            @Override
            public List<ClusterProfile> all() {
                return List.of(cluster);
            }
        };
        CsrDecisions decisions = (clusterId, csr, requester, decision, reason, at) -> audit.add(csr + " " + decision);
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        // the session closes its client: hand it one of its own each time
        return new ReviewServingCsrs(
                directory,
                Fabric8ServingCsrs.with(c -> server.createClient(), clock),
                decisions,
                new CsrApproverSettings(true, Duration.ofSeconds(30), null, Duration.ofDays(365)),
                clock);
    }

    private void assertDenied(String name, String reason) {
        assertThat(condition(name)).as(name).hasValueSatisfying(c -> {
            assertThat(c.getType()).isEqualTo("Denied");
            assertThat(c.getReason()).isEqualTo(Fabric8ServingCsrs.REASON_DENIED);
            assertThat(c.getMessage()).contains(reason);
        });
    }

    private Optional<CertificateSigningRequestCondition> condition(String name) {
        CertificateSigningRequest csr = api.certificates()
                .v1()
                .certificateSigningRequests()
                .withName(name)
                .get();
        return csr.getStatus() == null || csr.getStatus().getConditions() == null
                ? Optional.empty()
                : csr.getStatus().getConditions().stream().findFirst();
    }

    private static String subject(String commonName) {
        return "O=system:nodes,CN=" + commonName;
    }

    private void node(String name, String ip) {
        api.nodes()
                .resource(new NodeBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withNewStatus()
                        .addNewAddress()
                        .withType("InternalIP")
                        .withAddress(ip)
                        .endAddress()
                        .addNewAddress()
                        .withType("Hostname")
                        .withAddress(name)
                        .endAddress()
                        .endStatus()
                        .build())
                .create();
    }

    private void csr(
            String name,
            String signer,
            String username,
            String subject,
            List<String> sans,
            List<String> usages,
            Integer expirationSeconds) {
        String pem = TestCsrs.pem(subject, sans);
        api.certificates()
                .v1()
                .certificateSigningRequests()
                .resource(new CertificateSigningRequestBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .endMetadata()
                        .withNewSpec()
                        .withSignerName(signer)
                        .withUsername(username)
                        .withGroups("system:nodes", "system:authenticated")
                        .withUsages(usages)
                        .withExpirationSeconds(expirationSeconds)
                        .withRequest(Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII)))
                        .endSpec()
                        .build())
                .create();
    }
}
