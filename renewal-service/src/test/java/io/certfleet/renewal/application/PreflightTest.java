package io.certfleet.renewal.application;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.events.RenewalStrategy;
import io.certfleet.nodeagent.FailureReason;
import io.certfleet.nodeagent.NodeError;
import io.certfleet.nodeagent.NodeRequest;
import io.certfleet.nodeagent.NodeResponse;
import io.certfleet.nodeagent.Operation;
import io.certfleet.nodeagent.OperationResult;
import io.certfleet.renewal.domain.execution.Renewal;
import io.certfleet.renewal.domain.execution.StepKind;
import io.certfleet.renewal.domain.execution.StepResult.SigningRequest;
import io.certfleet.renewal.domain.policy.ClusterFlavour;
import io.certfleet.renewal.domain.policy.NodeAccessPath;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What is found on the first control-plane node before a renewal starts decides how it runs: an API server certificate
 * that expired after the decision sends it over SSH (break-glass), a CA key that is not on the node makes it an external
 * CA renewal, and an unreachable API with a valid certificate is not a reason for break-glass.
 */
class PreflightTest {
    private static final Instant NOW = Instant.parse("2026-12-06T10:00:00Z");
    private static final ClusterProfile CLUSTER = new ClusterProfile(
            "edge-07",
            ClusterFlavour.KUBEADM,
            Map.of(),
            Optional.empty(),
            Optional.empty(),
            List.of(
                    new ClusterProfile.Node(
                            "cp-1", ClusterProfile.Role.CONTROL_PLANE, Optional.empty(), Optional.empty(), List.of()),
                    new ClusterProfile.Node(
                            "cp-2", ClusterProfile.Role.CONTROL_PLANE, Optional.empty(), Optional.empty(), List.of())));
    private static final NodeResponse UNREACHABLE =
            new NodeResponse.Failed(Operation.SCAN, NodeError.of(FailureReason.UNREACHABLE, "the API did not answer"));

    private final Map<NodeAccessPath, NodeResponse> scans = new EnumMap<>(NodeAccessPath.class);

    @Test
    void anApiServerCertificateThatExpiredAfterTheDecisionSwitchesToBreakGlass() {
        scans.put(NodeAccessPath.API, UNREACHABLE);
        scans.put(NodeAccessPath.BREAK_GLASS, scan(NOW.minus(Duration.ofHours(2)), false));

        assertThat(plan(true)).isInstanceOfSatisfying(Preflight.Plan.Start.class, start -> {
            assertThat(start.access()).isEqualTo(NodeAccessPath.BREAK_GLASS);
            assertThat(start.strategy()).isEqualTo(RenewalStrategy.KUBEADM_IN_PLACE);
            assertThat(start.nodes()).containsExactly("cp-1", "cp-2");
        });
    }

    @Test
    void anUnreachableApiWithAValidCertificateIsNotBreakGlass() {
        scans.put(NodeAccessPath.API, UNREACHABLE);
        scans.put(NodeAccessPath.BREAK_GLASS, scan(NOW.plus(Duration.ofDays(3)), false));

        assertThat(plan(true)).isInstanceOfSatisfying(Preflight.Plan.Refuse.class, refuse -> {
            assertThat(refuse.failure().reason())
                    .contains("cannot reach cp-1 through the API (the API did not answer)")
                    .contains("break-glass is not warranted");
            assertThat(refuse.failure().retryable()).isTrue();
        });
    }

    @Test
    void whenSshIsNotPossibleEitherBothReasonsAreGiven() {
        scans.put(NodeAccessPath.API, UNREACHABLE);
        scans.put(
                NodeAccessPath.BREAK_GLASS,
                new NodeResponse.Failed(
                        Operation.SCAN, NodeError.of(FailureReason.POLICY, "no Secret edge-07-ssh for break-glass")));

        assertThat(plan(true))
                .isInstanceOfSatisfying(
                        Preflight.Plan.Refuse.class,
                        refuse -> assertThat(refuse.failure().reason())
                                .contains("the API did not answer", "over SSH (break-glass): no Secret edge-07-ssh"));
    }

    @Test
    void aCaKeyThatIsNotOnTheNodeMakesItAnExternalCaRenewal() {
        scans.put(NodeAccessPath.API, scan(NOW.plus(Duration.ofDays(3)), true));

        assertThat(plan(true)).isInstanceOfSatisfying(Preflight.Plan.Start.class, start -> {
            assertThat(start.strategy()).isEqualTo(RenewalStrategy.EXTERNAL_CA);
            assertThat(start.access()).isEqualTo(NodeAccessPath.API);
            assertThat(start.steps()).extracting(s -> s.kind()).contains(StepKind.REQUEST_SIGNING, StepKind.INSTALL);
        });
    }

    @Test
    void anExternalCaClusterWhoseApiServerCertificateExpiredCannotUseTheCsrApi() {
        scans.put(NodeAccessPath.API, scan(NOW.minus(Duration.ofHours(1)), true));

        assertThat(plan(true))
                .isInstanceOfSatisfying(
                        Preflight.Plan.Refuse.class,
                        refuse -> assertThat(refuse.failure().reason())
                                .contains("has expired and CA [ca] is external", "external-ca.signer=directory"));
        // a hand-off directory does not need the cluster's API
        assertThat(plan(false)).isInstanceOfSatisfying(Preflight.Plan.Start.class, start -> {
            assertThat(start.strategy()).isEqualTo(RenewalStrategy.EXTERNAL_CA);
            assertThat(start.access()).isEqualTo(NodeAccessPath.BREAK_GLASS);
        });
    }

    private Preflight.Plan plan(boolean signerNeedsApi) {
        ClusterDirectory clusters = new ClusterDirectory() {
            @Override
            public Optional<ClusterProfile> find(String clusterId) {
                return Optional.of(CLUSTER).filter(c -> c.id().equals(clusterId));
            }

            @Override
            public List<ClusterProfile> all() {
                return List.of(CLUSTER);
            }
        };
        NodeAccess nodes = path -> (target, request) -> {
            assertThat(request).isInstanceOf(NodeRequest.Scan.class);
            assertThat(target.nodeName()).isEqualTo("cp-1");
            return scans.get(path);
        };
        ExternalSigner signer = new ExternalSigner() {
            @Override
            public String kind() {
                return "test";
            }

            @Override
            public boolean needsClusterApi() {
                return signerNeedsApi;
            }

            @Override
            public void submit(ClusterProfile cluster, SigningRequest request) {}

            @Override
            public Signing status(ClusterProfile cluster, SigningRequest request) {
                return new Signing.Pending("");
            }
        };
        return new Preflight(clusters, nodes, null, signer, Clock.fixed(NOW, ZoneOffset.UTC)).plan(renewal());
    }

    /** The first node: its API server certificate and the CA, whose key is or is not on the node. */
    private static NodeResponse scan(Instant apiserverNotAfter, boolean caExternal) {
        OperationResult.ScanResult scan = ScanRows.scan(
                NOW,
                List.of(ScanRows.row("apiserver", "ca", caExternal, apiserverNotAfter)),
                List.of(
                        ScanRows.row("ca", "ca", caExternal, NOW.plus(Duration.ofDays(3000))),
                        ScanRows.row("etcd-ca", "etcd-ca", false, NOW.plus(Duration.ofDays(3000)))));
        return new NodeResponse.Completed(scan);
    }

    private static Renewal renewal() {
        return ScanRows.renewal(RenewalStrategy.KUBEADM_IN_PLACE, NOW);
    }
}
