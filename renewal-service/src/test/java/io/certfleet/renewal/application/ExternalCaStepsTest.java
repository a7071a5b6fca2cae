package io.certfleet.renewal.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.events.RenewalStrategy;
import io.certfleet.events.RenewedCertificate;
import io.certfleet.nodeagent.NodeError;
import io.certfleet.nodeagent.NodeRequest;
import io.certfleet.nodeagent.NodeResponse;
import io.certfleet.nodeagent.Operation;
import io.certfleet.nodeagent.OperationResult;
import io.certfleet.nodeagent.OperationResult.ScannedCertificate;
import io.certfleet.pki.issue.BouncyCastleCertificateIssuer;
import io.certfleet.pki.issue.CertificateSpec;
import io.certfleet.pki.issue.CertifiedKey;
import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.issue.Pem;
import io.certfleet.pki.issue.Validity;
import io.certfleet.renewal.config.ExternalCaSettings;
import io.certfleet.renewal.config.TestSettings;
import io.certfleet.renewal.domain.execution.FailureReason;
import io.certfleet.renewal.domain.execution.Renewal;
import io.certfleet.renewal.domain.execution.RenewalPlan;
import io.certfleet.renewal.domain.execution.RenewalStep;
import io.certfleet.renewal.domain.execution.StepKind;
import io.certfleet.renewal.domain.execution.StepOutcome;
import io.certfleet.renewal.domain.execution.StepResult;
import io.certfleet.renewal.domain.execution.StepResult.SigningRequest;
import io.certfleet.renewal.domain.execution.StepState;
import io.certfleet.renewal.domain.policy.ClusterFlavour;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The external CA steps against a scripted node agent and signer: which certificates go to the signer (only those whose
 * CA key is not on the node), what the signer is asked, waiting with a deadline, a refusal ending the renewal with the
 * signer's reason, and INSTALL handing the signed certificates back to the node.
 */
class ExternalCaStepsTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final UUID ID = ScanRows.ID;
    private static final String CSR = "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n";
    private static final List<String> SERVING = List.of("digital signature", "key encipherment", "server auth");

    private final List<NodeRequest> asked = new ArrayList<>();
    private final Map<Class<?>, NodeResponse> answers = new HashMap<>();
    private final ScriptedSigner signer = new ScriptedSigner();
    private List<UUID> abandoned = List.of();
    private final List<String> discarded = new ArrayList<>();
    private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void onlyCertificatesWhoseCaKeyIsAbsentAreSentToTheSignerWithWhatTheyAreFor() {
        answers.put(
                NodeRequest.Scan.class,
                completed(scan(row("apiserver", "ca", true), row("etcd-server", "etcd-ca", false))));
        answers.put(
                NodeRequest.Renew.class,
                completed(new OperationResult.RenewResult(
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(new OperationResult.GeneratedCsr(
                                "apiserver",
                                "/etc/kubernetes/pki/apiserver.crt",
                                "/etc/kubernetes/tmp/certfleet-csr-1a2b3c4d/apiserver.csr",
                                "/etc/kubernetes/tmp/certfleet-csr-1a2b3c4d/apiserver.key",
                                CSR,
                                SERVING)),
                        null,
                        NOW)));

        StepOutcome outcome = run(StepKind.REQUEST_SIGNING, List.of());

        NodeRequest.Renew renew = (NodeRequest.Renew) asked.get(1);
        assertThat(renew.certificates()).containsExactly("apiserver");
        assertThat(renew.csrDir()).isEqualTo("/etc/kubernetes/tmp/certfleet-csr-1a2b3c4d");
        SigningRequest expected = new SigningRequest(
                "certfleet-1a2b3c4d-1-cp-1-apiserver",
                "apiserver",
                "ca",
                "example.com/kubernetes-ca",
                CSR,
                SERVING,
                Duration.ofDays(365).toSeconds(),
                Map.of(
                        ExternalSigner.LABEL_RENEWAL, ID.toString(),
                        ExternalSigner.LABEL_CLUSTER, "edge-07",
                        ExternalSigner.LABEL_NODE, "cp-1"));
        assertThat(signer.submitted).containsExactly(expected);
        assertThat(outcome)
                .isEqualTo(new StepOutcome.Done(new StepResult.SigningRequested(
                        "/etc/kubernetes/tmp/certfleet-csr-1a2b3c4d", List.of(expected))));
    }

    @Test
    void keysEarlierFailedRenewalsStagedOnTheNodeAreRemovedFirstAndOneThatStaysDoesNotStopTheStep() {
        UUID gone = UUID.fromString("0badc0de-0000-4000-8000-000000000001");
        UUID stuck = UUID.fromString("5ca1ab1e-0000-4000-8000-000000000002");
        abandoned = List.of(gone, stuck);
        answers.put(NodeRequest.Scan.class, completed(scan(row("apiserver", "ca", false))));
        answers.put(
                NodeRequest.DiscardStaged.class,
                completed(new OperationResult.StagedDiscarded(
                        "/etc/kubernetes/tmp/certfleet-csr-0badc0de", List.of("apiserver"))));
        NodeAccess nodes = path -> (target, request) -> {
            asked.add(request);
            if (request instanceof NodeRequest.DiscardStaged discard
                    && discard.csrDir().contains("5ca1ab1e")) {
                return new NodeResponse.Failed(
                        Operation.DISCARD_STAGED,
                        NodeError.of(io.certfleet.nodeagent.FailureReason.TRANSIENT, "read-only file system"));
            }
            return answers.get(request.getClass());
        };

        assertThat(run(StepKind.REQUEST_SIGNING, List.of(), nodes)).isInstanceOf(StepOutcome.Skipped.class);

        assertThat(asked)
                .startsWith(
                        new NodeRequest.DiscardStaged(null, "/etc/kubernetes/tmp/certfleet-csr-0badc0de"),
                        new NodeRequest.DiscardStaged(null, "/etc/kubernetes/tmp/certfleet-csr-5ca1ab1e"))
                .last()
                .isInstanceOf(NodeRequest.Scan.class);
        // only the removal that happened is recorded: the next renewal asks the node for the other one again
        assertThat(discarded).containsExactly(gone + "@cp-1 " + NOW);
    }

    @Test
    void anAgentTooOldToReturnTheCsrIsNamedAndNothingIsSubmitted() {
        answers.put(NodeRequest.Scan.class, completed(scan(row("apiserver", "ca", true))));
        answers.put(
                NodeRequest.Renew.class,
                completed(new OperationResult.RenewResult(
                        List.of(),
                        List.of(),
                        List.of(),
                        List.of(new OperationResult.GeneratedCsr(
                                "apiserver",
                                "/etc/kubernetes/pki/apiserver.crt",
                                "/x/apiserver.csr",
                                "/x/apiserver.key",
                                null,
                                null)),
                        null,
                        NOW)));

        assertThat(run(StepKind.REQUEST_SIGNING, List.of())).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.POLICY);
            assertThat(f.message()).contains("did not return the CSR for apiserver", "upgrade the node agent");
        });
        assertThat(signer.submitted).isEmpty();
    }

    @Test
    void aNodeWhoseCasAreAllOnDiskHasNothingToSign() {
        answers.put(NodeRequest.Scan.class, completed(scan(row("apiserver", "ca", false))));

        assertThat(run(StepKind.REQUEST_SIGNING, List.of()))
                .isInstanceOfSatisfying(
                        StepOutcome.Skipped.class,
                        s -> assertThat(s.reason()).contains("nothing for the external signer"));
        assertThat(signer.submitted).isEmpty();
    }

    @Test
    void awaitingWaitsUntilTheDeadlineThenFailsAndARefusalFailsAtOnceWithTheSignersReason() {
        SigningRequest request = request("apiserver");
        List<RenewalStep> requested = List.of(requested(request));

        signer.answer = new ExternalSigner.Signing.Pending("waits for signer example.com/kubernetes-ca");
        assertThat(run(StepKind.AWAIT_SIGNING, requested))
                .isEqualTo(new StepOutcome.Waiting(
                        NOW.plus(Duration.ofSeconds(10)),
                        "0 of 1 signed; [waits for signer example.com/kubernetes-ca]"));

        clock = Clock.fixed(NOW.plus(Duration.ofHours(5)), ZoneOffset.UTC);
        answers.put(
                NodeRequest.DiscardStaged.class,
                completed(new OperationResult.StagedDiscarded(
                        "/etc/kubernetes/tmp/certfleet-csr-1a2b3c4d", List.of("apiserver"))));
        assertThat(run(StepKind.AWAIT_SIGNING, requested)).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.POLICY);
            assertThat(f.message())
                    .contains(
                            "not signed within PT4H",
                            "nothing live on cp-1 was changed",
                            "the keys staged in /etc/kubernetes/tmp/certfleet-csr-1a2b3c4d were removed");
        });
        assertThat(asked)
                .containsExactly(new NodeRequest.DiscardStaged(null, "/etc/kubernetes/tmp/certfleet-csr-1a2b3c4d"));

        signer.answer = new ExternalSigner.Signing.Refused("Denied by example.com/kubernetes-ca: PolicyViolation");
        answers.put(
                NodeRequest.DiscardStaged.class,
                new NodeResponse.Failed(
                        Operation.DISCARD_STAGED,
                        NodeError.of(io.certfleet.nodeagent.FailureReason.UNREACHABLE, "the node did not answer")));
        assertThat(run(StepKind.AWAIT_SIGNING, requested)).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.POLICY);
            assertThat(f.message())
                    .contains(
                            "apiserver was refused: Denied by example.com/kubernetes-ca",
                            "are still there (the node did not answer)");
        });

        signer.answer = new ExternalSigner.Signing.Issued("not a certificate");
        assertThat(run(StepKind.AWAIT_SIGNING, requested))
                .isInstanceOfSatisfying(
                        StepOutcome.Failed.class,
                        f -> assertThat(f.message()).contains("returned no PEM certificate for apiserver"));
    }

    @Test
    void issuedCertificatesAreRecordedAndInstalledWithTheStagedKeys() {
        CertifiedKey issued = certificate();
        String pem = Pem.encodeCertificate(issued.certificate());
        SigningRequest request = request("apiserver");
        signer.answer = new ExternalSigner.Signing.Issued(pem);

        StepOutcome awaited = run(StepKind.AWAIT_SIGNING, List.of(requested(request)));
        assertThat(awaited)
                .isInstanceOfSatisfying(
                        StepOutcome.Done.class,
                        d -> assertThat(d.result())
                                .isInstanceOfSatisfying(
                                        StepResult.CertificatesSigned.class,
                                        s -> assertThat(s.certificates())
                                                .singleElement()
                                                .satisfies(c -> {
                                                    assertThat(c.certificate()).isEqualTo(pem);
                                                    assertThat(c.sha256()).hasSize(64);
                                                    assertThat(c.notAfter())
                                                            .isEqualTo(issued.certificate()
                                                                    .getNotAfter()
                                                                    .toInstant());
                                                })));

        Instant newNotAfter = issued.certificate().getNotAfter().toInstant();
        answers.put(
                NodeRequest.Install.class,
                completed(new OperationResult.InstallResult(
                        List.of(new OperationResult.RenewedCertificate(
                                "apiserver", "/etc/kubernetes/pki/apiserver.crt", NOW, newNotAfter, "ab".repeat(32))),
                        List.of(),
                        "/etc/kubernetes/tmp/certfleet-install-1a2b3c4d-1",
                        NOW)));
        List<RenewalStep> steps =
                List.of(requested(request), done(StepKind.AWAIT_SIGNING, ((StepOutcome.Done) awaited).result()));
        assertThat(run(StepKind.INSTALL, steps))
                .isEqualTo(new StepOutcome.Done(new StepResult.CertificatesRenewed(
                        List.of(new RenewedCertificate(
                                "apiserver", "/etc/kubernetes/pki/apiserver.crt", NOW, newNotAfter, "ab".repeat(32))),
                        List.of())));
        NodeRequest.Install install = (NodeRequest.Install) asked.get(0);
        assertThat(install.csrDir()).isEqualTo("/etc/kubernetes/tmp/certfleet-csr-1a2b3c4d");
        assertThat(install.certificates()).containsExactly(new NodeRequest.SignedCertificate("apiserver", pem));

        answers.put(
                NodeRequest.Install.class,
                completed(new OperationResult.InstallResult(
                        List.of(),
                        List.of(new OperationResult.FailedCertificate(
                                "apiserver", "signed for another key than the staged one", false)),
                        null,
                        NOW)));
        answers.put(
                NodeRequest.DiscardStaged.class,
                completed(new OperationResult.StagedDiscarded(
                        "/etc/kubernetes/tmp/certfleet-csr-1a2b3c4d", List.of("apiserver"))));
        assertThat(run(StepKind.INSTALL, steps)).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.INVALID_INPUT);
            assertThat(f.message())
                    .contains("apiserver (signed for another key than the staged one)")
                    .contains("the keys staged in /etc/kubernetes/tmp/certfleet-csr-1a2b3c4d were removed");
        });
        // what never fits has no use for the staged keys
        assertThat(asked)
                .last()
                .isEqualTo(new NodeRequest.DiscardStaged(null, "/etc/kubernetes/tmp/certfleet-csr-1a2b3c4d"));

        // a refusal that may pass keeps them: the next attempt installs with them
        answers.put(
                NodeRequest.Install.class,
                completed(new OperationResult.InstallResult(
                        List.of(),
                        List.of(new OperationResult.FailedCertificate("apiserver", "the file is busy", true)),
                        null,
                        NOW)));
        assertThat(run(StepKind.INSTALL, steps)).isInstanceOfSatisfying(StepOutcome.Failed.class, f -> {
            assertThat(f.reason()).isEqualTo(FailureReason.TRANSIENT);
            assertThat(f.message()).doesNotContain("staged");
        });
        assertThat(asked).noneMatch(NodeRequest.DiscardStaged.class::isInstance);
    }

    @Test
    void aCancelWithdrawsWhatTheNodeStagedForTheSignerAndRecordsIt() {
        List<RenewalStep> steps = List.of(requested(request("apiserver")));
        answers.put(
                NodeRequest.DiscardStaged.class,
                completed(new OperationResult.StagedDiscarded(
                        "/etc/kubernetes/tmp/certfleet-csr-1a2b3c4d", List.of("apiserver"))));

        assertThat(steps(path -> (target, request) -> {
                            asked.add(request);
                            return answers.get(request.getClass());
                        })
                        .withdraw(renewal(), cluster(), steps, "cp-1"))
                .isEqualTo("; the keys staged in /etc/kubernetes/tmp/certfleet-csr-1a2b3c4d were removed");
        assertThat(asked)
                .containsExactly(new NodeRequest.DiscardStaged(null, "/etc/kubernetes/tmp/certfleet-csr-1a2b3c4d"));
        assertThat(discarded).containsExactly(ID + "@cp-1 " + NOW);

        // a node that had nothing for the signer has nothing to withdraw
        asked.clear();
        assertThat(steps(path -> (target, request) -> {
                            asked.add(request);
                            return answers.get(request.getClass());
                        })
                        .withdraw(renewal(), cluster(), List.of(), "cp-1"))
                .isEmpty();
        assertThat(asked).isEmpty();
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private StepOutcome run(StepKind kind, List<RenewalStep> earlier) {
        return run(kind, earlier, path -> (target, request) -> {
            asked.add(request);
            return answers.get(request.getClass());
        });
    }

    private StepOutcome run(StepKind kind, List<RenewalStep> earlier, NodeAccess nodes) {
        asked.clear();
        RenewalStep step = RenewalPlan.steps(ID, RenewalStrategy.EXTERNAL_CA, List.of("cp-1")).stream()
                .filter(s -> s.kind() == kind)
                .findFirst()
                .map(s -> new RenewalStep(
                        s.renewalId(),
                        s.seq(),
                        s.node(),
                        s.kind(),
                        StepState.RUNNING,
                        1,
                        Optional.of(clock.instant()),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty()))
                .orElseThrow();
        List<RenewalStep> steps = new ArrayList<>(earlier);
        steps.add(step);
        return steps(nodes).run(renewal(), cluster(), steps, step);
    }

    private ExternalCaSteps steps(NodeAccess nodes) {
        ExternalCaSettings settings = TestSettings.externalCa(true, Duration.ofSeconds(10), Duration.ofHours(4));
        AbandonedStaging staging = new AbandonedStaging() {
            @Override
            public List<UUID> before(Renewal renewal, String node) {
                return abandoned;
            }

            @Override
            public void discarded(UUID renewalId, String node, Instant at) {
                discarded.add(renewalId + "@" + node + " " + at);
            }
        };
        return new ExternalCaSteps(nodes, staging, signer, settings, TestSettings.renewal(), clock);
    }

    private static RenewalStep requested(SigningRequest request) {
        return done(
                StepKind.REQUEST_SIGNING,
                new StepResult.SigningRequested("/etc/kubernetes/tmp/certfleet-csr-1a2b3c4d", List.of(request)));
    }

    private static RenewalStep done(StepKind kind, StepResult result) {
        int seq = kind == StepKind.REQUEST_SIGNING ? 3 : 4;
        return new RenewalStep(
                ID,
                seq,
                Optional.of("cp-1"),
                kind,
                StepState.DONE,
                1,
                Optional.of(NOW),
                Optional.of(NOW),
                Optional.of(result),
                Optional.empty());
    }

    private static SigningRequest request(String name) {
        return new SigningRequest(
                "certfleet-1a2b3c4d-1-cp-1-" + name,
                name,
                "ca",
                "example.com/kubernetes-ca",
                CSR,
                SERVING,
                Duration.ofDays(365).toSeconds(),
                Map.of(ExternalSigner.LABEL_NODE, "cp-1"));
    }

    private static NodeResponse completed(OperationResult result) {
        return new NodeResponse.Completed(result);
    }

    private static OperationResult.ScanResult scan(ScannedCertificate... rows) {
        return ScanRows.scan(NOW, List.of(rows), List.of());
    }

    private static ScannedCertificate row(String name, String authority, boolean external) {
        return ScanRows.row(name, authority, external, NOW.plus(Duration.ofDays(5)));
    }

    private static CertifiedKey certificate() {
        BouncyCastleCertificateIssuer issuer = new BouncyCastleCertificateIssuer(Clock.fixed(NOW, ZoneOffset.UTC));
        return issuer.createAuthority(
                CertificateSpec.authority("kube-apiserver")
                        .validity(Validity.between(NOW, NOW.plus(Duration.ofDays(365))))
                        .build(),
                KeyAlgorithm.EC_P256);
    }

    private static Renewal renewal() {
        return ScanRows.renewal(RenewalStrategy.EXTERNAL_CA, NOW);
    }

    private static ClusterProfile cluster() {
        return new ClusterProfile(
                "edge-07",
                ClusterFlavour.KUBEADM,
                Map.of(),
                Optional.empty(),
                Optional.of(new ClusterProfile.ManagementRef("mgmt", "edge-07", "edge-07")),
                List.of());
    }
}
