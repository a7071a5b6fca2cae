package io.certfleet.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certfleet.pki.issue.CertifiedKey;
import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestBuilder;
import io.fabric8.kubernetes.api.model.certificates.v1.CertificateSigningRequestConditionBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubeadm external CA mode: the CA certificate is on the control-plane nodes, its key only with the "signer". */
class ExternalAuthorityTest {

    @TempDir
    Path root;

    @Test
    void anExternalCaKeyIsNotOnTheNodesButTheSignerHasIt() throws Exception {
        FleetSpec spec = FleetSpec.builder(7)
                .cluster(c -> c.name("ext")
                        .kubernetesVersion("v1.30.6")
                        .controlPlaneNodes(3)
                        .workers(0)
                        .externalAuthorities(Set.of(CertificateAuthority.CA)))
                .tlsEndpoints(false)
                .managementApi(false)
                .build();
        try (SimulatedFleet fleet =
                FleetSimulator.create(spec, root, Clock.fixed(Instant.parse("2026-12-01T00:00:00Z"), ZoneOffset.UTC))) {
            SimulatedCluster cluster = fleet.cluster("ext").orElseThrow();
            for (SimulatedNode node : cluster.controlPlaneNodes()) {
                assertThat(node.certDir().resolve("ca.crt")).exists();
                assertThat(node.certDir().resolve("ca.key")).doesNotExist();
                assertThat(node.certDir().resolve("etcd/ca.key")).exists();
                assertThat(node.certDir().resolve("front-proxy-ca.key")).exists();
            }
            CertifiedKey signer = cluster.externalAuthority(CertificateAuthority.CA);
            assertThat(signer.certificate()).isEqualTo(cluster.authorityCertificate(CertificateAuthority.CA));
            // the leaves on the nodes were issued by it all the same
            Path apiserver = cluster.controlPlaneNodes().get(0).certDir().resolve("apiserver.crt");
            assertThat(Files.readString(apiserver)).contains("BEGIN CERTIFICATE");
            assertThatThrownBy(() -> cluster.externalAuthority(CertificateAuthority.ETCD_CA))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("etcd-ca of ext is not external");

            // the cluster's API takes CSRs and their approval (the subresource approvers use), as a signer needs
            var csrs = cluster.workloadApi().certificates().v1().certificateSigningRequests();
            csrs.resource(new CertificateSigningRequestBuilder()
                            .withNewMetadata()
                            .withName("renew-apiserver")
                            .endMetadata()
                            .withNewSpec()
                            .withSignerName("example.com/kubernetes-ca")
                            .withRequest("cmVxdWVzdA==")
                            .withUsages("digital signature", "server auth")
                            .endSpec()
                            .build())
                    .create();
            csrs.withName("renew-apiserver")
                    .approve(new CertificateSigningRequestConditionBuilder()
                            .withType("Approved")
                            .withStatus("True")
                            .withReason("Test")
                            .build());
            assertThat(csrs.withName("renew-apiserver").get().getStatus().getConditions())
                    .extracting(c -> c.getType())
                    .containsExactly("Approved");
        }
    }
}
