package io.certfleet.renewal.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.events.RenewalStrategy;
import io.certfleet.renewal.application.ClusterProfile.ManagementRef;
import io.certfleet.renewal.config.ExternalCaSettings;
import io.certfleet.renewal.config.TestSettings;
import io.certfleet.renewal.domain.execution.FailureReason;
import io.certfleet.renewal.domain.execution.StepOutcome;
import io.certfleet.renewal.domain.execution.StepResult;
import io.certfleet.renewal.domain.execution.StepResult.SigningRequest;
import io.certfleet.renewal.domain.policy.ClusterFlavour;
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
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * REFRESH_KUBECONFIG of an external-CA cluster against a scripted signer and management cluster: the key is kept before
 * its CSR is sent, a later run installs what the signer issued, and a refusal, a timeout or a certificate that does
 * not fit leave the kubeconfig Secret as it was and remove the pending key.
 */
class ExternalAdminCredentialsTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final String KEY =
            "-----BEGIN EC PRIVATE KEY-----\nc2VjcmV0LWtleS1ieXRlcw==\n-----END EC PRIVATE KEY-----\n";
    private static final String CSR = "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n";
    private static final String CERTIFICATE = "-----BEGIN CERTIFICATE-----\nMIIC\n-----END CERTIFICATE-----\n";
    private static final ManagementRef REF = new ManagementRef("mgmt", "edge-07", "edge-07");
    private static final ManagementCluster.ClientIdentity ADMIN =
            new ManagementCluster.ClientIdentity("kubernetes-admin", List.of("kubeadm:cluster-admins"));

    private final FakeManagement management = new FakeManagement();
    private final ScriptedSigner signer = new ScriptedSigner();
    private final List<ManagementCluster.ClientIdentity> keysMadeFor = new ArrayList<>();
    private Optional<String> problem = Optional.empty();
    private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void theKeyIsKeptBeforeItsRequestGoesToTheSignerAndOnlyOneIsEverMade() {
        StepOutcome first = refresh();

        assertThat(first).isInstanceOfSatisfying(StepOutcome.Waiting.class, w -> {
            assertThat(w.until()).isEqualTo(NOW.plusSeconds(10));
            assertThat(w.note()).contains("edge-07/edge-07-kubeconfig (kubernetes-admin) was sent to scripted");
        });
        assertThat(keysMadeFor).containsExactly(ADMIN);
        assertThat(management.pending).hasValueSatisfying(p -> {
            assertThat(p.privateKey()).isEqualTo(KEY);
            assertThat(p.requestedAt()).isEqualTo(NOW);
        });
        assertThat(signer.submitted).singleElement().satisfies(request -> {
            assertThat(request.reference())
                    .isEqualTo(management.pending.orElseThrow().reference());
            assertThat(request.signerName()).isEqualTo("example.com/kubernetes-ca");
            assertThat(request.authority()).isEqualTo("ca");
            assertThat(request.csr()).isEqualTo(CSR);
            assertThat(request.usages()).containsExactly("digital signature", "key encipherment", "client auth");
            assertThat(request.labels()).containsEntry(ExternalSigner.LABEL_CLUSTER, "edge-07");
            assertThat(request.toString()).doesNotContain("PRIVATE KEY");
        });

        // interrupted and run again: the stored key's request is asked about (and submitted again, a no-op there)
        signer.answer = new ExternalSigner.Signing.Pending("CertificateSigningRequest x is approved, not issued");
        assertThat(refresh())
                .isInstanceOfSatisfying(
                        StepOutcome.Waiting.class,
                        w -> assertThat(w.note()).isEqualTo("CertificateSigningRequest x is approved, not issued"));
        assertThat(keysMadeFor).hasSize(1);
        assertThat(signer.submitted)
                .extracting(SigningRequest::reference)
                .containsOnly(signer.submitted.get(0).reference());
        assertThat(management.credentials).isEmpty();
    }

    @Test
    void anIssuedCertificateGoesWithItsKeyIntoTheSecretAndThePendingKeyIsRemoved() {
        refresh();
        signer.answer = new ExternalSigner.Signing.Issued(CERTIFICATE);

        StepOutcome done = refresh();

        assertThat(done)
                .isInstanceOfSatisfying(
                        StepOutcome.Done.class,
                        d -> assertThat(d.result())
                                .isEqualTo(new StepResult.KubeconfigRefreshed(
                                        "edge-07/edge-07-kubeconfig", "ab".repeat(32), true)));
        assertThat(management.credentials).hasValueSatisfying(c -> {
            assertThat(decode(c.certificateData())).isEqualTo(CERTIFICATE);
            assertThat(decode(c.keyData())).isEqualTo(KEY);
        });
        assertThat(management.pending).isEmpty();
    }

    @Test
    void aRefusalATimeoutOrACertificateThatDoesNotFitLeaveTheSecretAndRemoveThePendingKey() {
        refresh();
        signer.answer = new ExternalSigner.Signing.Refused("Denied by security team: not during the freeze");
        assertThat(refresh()).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.POLICY);
            assertThat(f.message())
                    .contains("refused by scripted: Denied by security team: not during the freeze")
                    .contains("edge-07/edge-07-kubeconfig keeps its credentials");
        });
        assertThat(management.pending).isEmpty();

        refresh();
        signer.answer = new ExternalSigner.Signing.Pending("not approved yet");
        clock = Clock.fixed(NOW.plus(Duration.ofHours(4)).plusSeconds(1), ZoneOffset.UTC);
        assertThat(refresh())
                .isInstanceOfSatisfying(
                        StepOutcome.Failed.class,
                        f -> assertThat(f.message()).contains("was not signed within PT4H (not approved yet)"));
        assertThat(management.pending).isEmpty();

        clock = Clock.fixed(NOW, ZoneOffset.UTC);
        refresh();
        signer.answer = new ExternalSigner.Signing.Issued(CERTIFICATE);
        problem = Optional.of("it certifies another public key than the request's");
        assertThat(refresh()).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.INVALID_INPUT);
            assertThat(f.message()).contains("does not fit its request: it certifies another public key");
        });
        assertThat(management.pending).isEmpty();
        assertThat(management.credentials).isEmpty();
    }

    @Test
    void withoutAKubeconfigSecretThereIsNothingToRefresh() {
        management.identity = Optional.empty();

        assertThat(refresh())
                .isInstanceOfSatisfying(
                        StepOutcome.Skipped.class,
                        s -> assertThat(s.reason())
                                .isEqualTo("no Secret edge-07/edge-07-kubeconfig in the management cluster"));
        assertThat(signer.submitted).isEmpty();
        assertThat(management.pending).isEmpty();

        management.identity = Optional.of(new ManagementCluster.ClientIdentity("", List.of("system:masters")));
        assertThat(refresh())
                .isInstanceOfSatisfying(
                        StepOutcome.Failed.class, f -> assertThat(f.message()).contains("has no CN"));
        assertThat(signer.submitted).isEmpty();
    }

    private StepOutcome refresh() {
        ExternalCaSettings settings = TestSettings.externalCa(true, Duration.ofSeconds(10), Duration.ofHours(4));
        ClientKeys keys = new ClientKeys() {
            @Override
            public NewKey newKey(ManagementCluster.ClientIdentity identity) {
                keysMadeFor.add(identity);
                return new NewKey(KEY, CSR);
            }

            @Override
            public Optional<String> problem(String certificate, String csr, Instant now) {
                return problem;
            }
        };
        ClusterProfile cluster = new ClusterProfile(
                "edge-07", ClusterFlavour.KUBEADM, Map.of(), Optional.empty(), Optional.of(REF), List.of());
        return new ExternalAdminCredentials(management, signer, keys, settings, TestSettings.renewal(), clock)
                .refresh(ScanRows.renewal(RenewalStrategy.EXTERNAL_CA, NOW), cluster, REF);
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }

    /** The kubeconfig Secret and the pending one, in memory. */
    private static final class FakeManagement implements ManagementCluster {
        Optional<ClientIdentity> identity = Optional.of(ADMIN);
        Optional<PendingClientKey> pending = Optional.empty();
        Optional<AdminCredentials.Credentials> credentials = Optional.empty();

        @Override
        public Optional<KubeconfigUpdate> replaceClientCredentials(
                ManagementRef cluster, AdminCredentials.Credentials given) {
            credentials = Optional.of(given);
            return Optional.of(new KubeconfigUpdate("edge-07/edge-07-kubeconfig", "ab".repeat(32), true));
        }

        @Override
        public Optional<ClientIdentity> clientIdentity(ManagementRef cluster) {
            return identity;
        }

        @Override
        public Optional<PendingClientKey> pendingClientKey(ManagementRef cluster) {
            return pending;
        }

        @Override
        public PendingClientKey keepPendingClientKey(ManagementRef cluster, PendingClientKey candidate) {
            if (pending.isEmpty()) {
                pending = Optional.of(candidate);
            }
            return pending.get();
        }

        @Override
        public void deletePendingClientKey(ManagementRef cluster) {
            pending = Optional.empty();
        }

        @Override
        public Optional<ControlPlane> controlPlane(ManagementRef cluster) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void rollOutAfter(
                ManagementRef cluster, String controlPlane, Instant rolloutAfter, OptionalInt certificatesExpiryDays) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Machine> controlPlaneMachines(ManagementRef cluster) {
            throw new UnsupportedOperationException();
        }
    }
}
