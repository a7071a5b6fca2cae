package io.certfleet.renewal.application;

import io.certfleet.events.RenewalStrategy;
import io.certfleet.nodeagent.NodeRequest;
import io.certfleet.nodeagent.NodeResponse;
import io.certfleet.nodeagent.NodeTarget;
import io.certfleet.nodeagent.OperationResult;
import io.certfleet.renewal.domain.execution.FailureReason;
import io.certfleet.renewal.domain.execution.Renewal;
import io.certfleet.renewal.domain.execution.RenewalFailure;
import io.certfleet.renewal.domain.execution.RenewalPlan;
import io.certfleet.renewal.domain.execution.RenewalStep;
import io.certfleet.renewal.domain.policy.NodeAccessPath;
import io.certfleet.renewal.domain.policy.RenewalPolicy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What is checked before a renewal starts, and its plan: the cluster is in the inventory, the strategy can run here,
 * its window has not passed, and — by scanning the first control-plane node — no CA has expired (a renewal never starts
 * on an expired CA: the leaves it signs would not verify), whether each CA key is on the node (a missing one makes the
 * renewal {@code EXTERNAL_CA}), and whether the API server's certificate has expired (break-glass access; also found
 * over SSH when the node cannot be reached through the API any more).
 */
@Singleton
public class Preflight {
    private final ClusterDirectory clusters;
    private final NodeAccess nodes;
    private final RenewalPolicy policy;
    private final ExternalSigner signer;
    private final Clock clock;

    Preflight(ClusterDirectory clusters, NodeAccess nodes, RenewalPolicy policy, ExternalSigner signer, Clock clock) {
        this.clusters = clusters;
        this.nodes = nodes;
        this.policy = policy;
        this.signer = signer;
        this.clock = clock;
    }

    /** The answer. */
    public sealed interface Plan {
        record Start(RenewalStrategy strategy, NodeAccessPath access, List<String> nodes, List<RenewalStep> steps)
                implements Plan {}

        record Refuse(RenewalFailure failure) implements Plan {}

        record Reschedule(Optional<Instant> notBefore, Optional<Instant> windowEnd, String why) implements Plan {}
    }

    public Plan plan(Renewal renewal) {
        Instant now = clock.instant();
        Optional<ClusterProfile> found = clusters.find(renewal.clusterId());
        if (found.isEmpty()) {
            return refuse(
                    FailureReason.INVALID_INPUT,
                    "cluster " + renewal.clusterId()
                            + " is not in renewal-service's inventory (certfleet.renewal.inventory-file)");
        }
        ClusterProfile cluster = found.get();
        if (renewal.windowEnd().filter(end -> !now.isBefore(end)).isPresent()) {
            RenewalPolicy.Timing timing = policy.timing(cluster.facts(), renewal.notAfter());
            if (timing instanceof RenewalPolicy.Timing.AtWindow later) {
                return new Plan.Reschedule(
                        Optional.of(later.opening().start()),
                        Optional.of(later.opening().end()),
                        "its maintenance window ended before it could start; " + timing.why());
            }
        }
        List<String> controlPlane = cluster.controlPlaneNodes().stream()
                .map(ClusterProfile.Node::name)
                .toList();
        return switch (renewal.strategy()) {
            case KUBEADM_IN_PLACE, EXTERNAL_CA -> onNodes(renewal, cluster, controlPlane, now);
            case CAPI_ROLLOUT -> {
                if (cluster.management().isEmpty()) {
                    yield refuse(
                            FailureReason.INVALID_INPUT,
                            "cluster " + cluster.id()
                                    + " has no management cluster in the inventory: its KubeadmControlPlane cannot be rolled");
                }
                yield new Plan.Start(
                        RenewalStrategy.CAPI_ROLLOUT,
                        renewal.access(),
                        controlPlane,
                        RenewalPlan.steps(renewal.id(), RenewalStrategy.CAPI_ROLLOUT, controlPlane));
            }
            case VIA_UPGRADE, KUBELET_SERVING_CSR ->
                refuse(FailureReason.POLICY, renewal.strategy() + " renewals do not run in renewal-service's worker");
        };
    }

    private Plan onNodes(Renewal renewal, ClusterProfile cluster, List<String> controlPlane, Instant now) {
        if (controlPlane.isEmpty()) {
            return refuse(
                    FailureReason.INVALID_INPUT,
                    "cluster " + cluster.id() + " lists no control-plane node in the inventory");
        }
        String first = controlPlane.get(0);
        NodeTarget target = new NodeTarget(cluster.id(), first);
        NodeAccessPath access = renewal.access();
        NodeResponse scanned = nodes.executor(access).execute(target, NodeRequest.Scan.defaults());
        String breakGlassNote = "";
        if (scanned instanceof NodeResponse.Failed failed
                && failed.error().reason() == io.certfleet.nodeagent.FailureReason.UNREACHABLE
                && access == NodeAccessPath.API) {
            // the API answered when the renewal was decided; its certificate may have expired since (seed 001)
            NodeResponse overSsh =
                    nodes.executor(NodeAccessPath.BREAK_GLASS).execute(target, NodeRequest.Scan.defaults());
            if (overSsh instanceof NodeResponse.Completed completed
                    && completed.result() instanceof OperationResult.ScanResult scan) {
                if (!apiserverExpired(scan, now)) {
                    return new Plan.Refuse(new RenewalFailure(
                            "START",
                            Optional.of(first),
                            "cannot reach " + first + " through the API ("
                                    + failed.error().message()
                                    + "), but its API server certificate is valid: break-glass is not warranted;"
                                    + " retry once the API answers (POST /renewals/{id}/retry)",
                            true,
                            Optional.empty()));
                }
                scanned = overSsh;
                access = NodeAccessPath.BREAK_GLASS;
            } else if (overSsh instanceof NodeResponse.Failed sshFailed) {
                breakGlassNote =
                        "; over SSH (break-glass): " + sshFailed.error().message();
            }
        }
        if (!(scanned instanceof NodeResponse.Completed completed)
                || !(completed.result() instanceof OperationResult.ScanResult scan)) {
            NodeResponse.Failed failed = (NodeResponse.Failed) scanned;
            FailureReason reason = NodeOutcomes.reason(failed.error().reason());
            return new Plan.Refuse(new RenewalFailure(
                    "START",
                    Optional.of(first),
                    "cannot scan " + first + " before starting: "
                            + failed.error().message() + breakGlassNote,
                    reason.retryHelps(),
                    Optional.empty()));
        }
        List<String> external = new ArrayList<>();
        for (OperationResult.ScannedCertificate authority : scan.authorities()) {
            if (authority.facts() == null) {
                continue;
            }
            if (!authority.facts().notAfter().isAfter(now)) {
                return refuse(
                        FailureReason.POLICY,
                        "CA " + authority.name() + " on " + first + " expired at "
                                + authority.facts().notAfter()
                                + ": a renewal never starts on an expired CA (the certificates"
                                + " it signs would not verify); rotate the CA first");
            }
            if (Boolean.TRUE.equals(authority.externallyManaged())) {
                external.add(authority.name());
            }
        }
        if (apiserverExpired(scan, now)) {
            access = NodeAccessPath.BREAK_GLASS;
        }
        // kubeadm external CA mode is a fact of the node, whatever was decided from the outside
        RenewalStrategy strategy = external.isEmpty() ? renewal.strategy() : RenewalStrategy.EXTERNAL_CA;
        if (strategy == RenewalStrategy.EXTERNAL_CA
                && access == NodeAccessPath.BREAK_GLASS
                && signer.needsClusterApi()
                && !external.isEmpty()) {
            return refuse(
                    FailureReason.POLICY,
                    "the API server certificate of " + cluster.id() + " has expired and CA " + external
                            + " is external: its Kubernetes CSR API cannot be reached to have them signed; renew by"
                            + " hand (kubeadm certs renew --csr-only, seed 004) or use"
                            + " certfleet.renewal.external-ca.signer=directory");
        }
        return new Plan.Start(strategy, access, controlPlane, RenewalPlan.steps(renewal.id(), strategy, controlPlane));
    }

    private static boolean apiserverExpired(OperationResult.ScanResult scan, Instant now) {
        return scan.certificates().stream()
                .anyMatch(c -> c.name().equals("apiserver")
                        && c.facts() != null
                        && !c.facts().notAfter().isAfter(now));
    }

    private static Plan refuse(FailureReason reason, String message) {
        return new Plan.Refuse(
                new RenewalFailure("START", Optional.empty(), message, reason.retryHelps(), Optional.empty()));
    }
}
