package io.certfleet.renewal.application;

import static io.certfleet.renewal.application.NodeOutcomes.result;

import io.certfleet.events.RenewedCertificate;
import io.certfleet.nodeagent.NodeExecutor;
import io.certfleet.nodeagent.NodeRequest;
import io.certfleet.nodeagent.NodeResponse;
import io.certfleet.nodeagent.NodeTarget;
import io.certfleet.nodeagent.OperationResult;
import io.certfleet.nodeagent.OperationResult.Presence;
import io.certfleet.pki.issue.IssuanceException;
import io.certfleet.pki.issue.Pem;
import io.certfleet.renewal.config.ExternalCaSettings;
import io.certfleet.renewal.config.RenewalSettings;
import io.certfleet.renewal.domain.execution.FailureReason;
import io.certfleet.renewal.domain.execution.Renewal;
import io.certfleet.renewal.domain.execution.RenewalStep;
import io.certfleet.renewal.domain.execution.StepKind;
import io.certfleet.renewal.domain.execution.StepOutcome;
import io.certfleet.renewal.domain.execution.StepResult;
import io.certfleet.renewal.domain.execution.StepResult.SigningRequest;
import jakarta.inject.Singleton;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node steps that only {@code EXTERNAL_CA} has (seed 004, kubeadm external CA mode), between RENEW and
 * RESTART_STATIC_PODS: REQUEST_SIGNING makes new keys and CSRs on the node for every certificate whose CA key is not
 * there and submits the CSRs to the {@link ExternalSigner}; AWAIT_SIGNING waits for the signer; INSTALL puts the signed
 * certificates in place with their staged keys, after node-agent checked them against the CA on the node. The keys
 * are made on the node and stay there; only CSRs and certificates travel. Until INSTALL nothing live has changed, so a
 * refusal by the signer leaves the node as it was.
 */
@Singleton
public class ExternalCaSteps {
    static final String CSR_DIR = "/etc/kubernetes/tmp/";

    private static final Logger LOG = LoggerFactory.getLogger(ExternalCaSteps.class);

    private final NodeAccess nodes;
    private final AbandonedStaging abandoned;
    private final ExternalSigner signer;
    private final ExternalCaSettings external;
    private final RenewalSettings settings;
    private final Clock clock;

    public ExternalCaSteps(
            NodeAccess nodes,
            AbandonedStaging abandoned,
            ExternalSigner signer,
            ExternalCaSettings external,
            RenewalSettings settings,
            Clock clock) {
        this.nodes = nodes;
        this.abandoned = abandoned;
        this.signer = signer;
        this.external = external;
        this.settings = settings;
        this.clock = clock;
    }

    /** Whether this class runs steps of that kind. */
    public static boolean runs(StepKind kind) {
        return kind == StepKind.REQUEST_SIGNING || kind == StepKind.AWAIT_SIGNING || kind == StepKind.INSTALL;
    }

    public StepOutcome run(Renewal renewal, ClusterProfile cluster, List<RenewalStep> steps, RenewalStep step) {
        try {
            return switch (step.kind()) {
                case REQUEST_SIGNING -> request(renewal, cluster, step);
                case AWAIT_SIGNING -> await(renewal, cluster, steps, step);
                case INSTALL -> install(renewal, cluster, steps, step);
                default ->
                    new StepOutcome.Failed(FailureReason.INVALID_INPUT, step.kind() + " is not an external CA step");
            };
        } catch (NodeOutcomes.NodeStepFailure failure) {
            return failure.outcome();
        }
    }

    private StepOutcome request(Renewal renewal, ClusterProfile cluster, RenewalStep step) {
        String node = step.node().orElseThrow();
        NodeTarget target = new NodeTarget(cluster.id(), node);
        NodeExecutor executor = nodes.executor(renewal.access());
        discardAbandoned(renewal, executor, target);
        Map<String, String> externallySigned = externallySigned(KubeadmSteps.scan(executor, target));
        if (externallySigned.isEmpty()) {
            return new StepOutcome.Skipped("every certificate on " + node
                    + " is signed by a CA whose key is on the node; nothing for the external signer");
        }
        // one directory per renewal: a later attempt replaces the keys an interrupted one staged (its CSRs are for keys
        // that no longer exist, so nothing signed for them can be installed) instead of leaving them beside it
        String csrDir = csrDir(renewal.id());
        OperationResult.RenewResult made = result(
                executor.execute(
                        target,
                        new NodeRequest.Renew(
                                null,
                                List.copyOf(externallySigned.keySet()),
                                settings.validityDays(),
                                null,
                                csrDir,
                                null)),
                OperationResult.RenewResult.class,
                "RENEW --csr-only on " + node);
        if (!made.failed().isEmpty()) {
            return new StepOutcome.Failed(
                    made.failed().stream().allMatch(OperationResult.FailedCertificate::retryable)
                            ? FailureReason.TRANSIENT
                            : FailureReason.INVALID_INPUT,
                    "REQUEST_SIGNING on " + node + ": no CSR for "
                            + made.failed().stream()
                                    .map(f -> f.name() + " (" + f.reason() + ")")
                                    .toList());
        }
        List<SigningRequest> requests = new ArrayList<>();
        for (OperationResult.GeneratedCsr csr : made.csrs()) {
            if (csr.request() == null || csr.request().isBlank()) {
                return new StepOutcome.Failed(
                        FailureReason.POLICY,
                        "REQUEST_SIGNING on " + node + ": the node agent did not return the CSR for " + csr.name()
                                + " (an agent older than external CA support): upgrade the node agent");
            }
            String authority = externallySigned.get(csr.name());
            SigningRequest request = new SigningRequest(
                    reference(renewal, step, node, csr.name()),
                    csr.name(),
                    authority,
                    external.signerName(authority),
                    csr.request(),
                    csr.usages(),
                    Duration.ofDays(settings.validityDays()).toSeconds(),
                    Map.of(
                            ExternalSigner.LABEL_RENEWAL, renewal.id().toString(),
                            ExternalSigner.LABEL_CLUSTER, cluster.id(),
                            ExternalSigner.LABEL_NODE, node));
            signer.submit(cluster, request);
            requests.add(request);
        }
        requests.sort(Comparator.comparing(SigningRequest::name));
        return new StepOutcome.Done(new StepResult.SigningRequested(csrDir, requests));
    }

    private StepOutcome await(Renewal renewal, ClusterProfile cluster, List<RenewalStep> steps, RenewalStep step) {
        String node = step.node().orElseThrow();
        Optional<RenewalStep> requested = nodeStep(steps, node, StepKind.REQUEST_SIGNING);
        Optional<StepResult.SigningRequested> sent =
                requested.flatMap(s -> s.result(StepResult.SigningRequested.class));
        if (sent.isEmpty()) {
            return new StepOutcome.Skipped("nothing of " + node + " was sent for signing");
        }
        List<StepResult.SignedCertificate> signed = new ArrayList<>();
        List<String> pending = new ArrayList<>();
        for (SigningRequest request : sent.get().requests()) {
            switch (signer.status(cluster, request)) {
                case ExternalSigner.Signing.Issued issued -> {
                    Optional<StepResult.SignedCertificate> certificate = signedCertificate(request, issued);
                    if (certificate.isEmpty()) {
                        return new StepOutcome.Failed(
                                FailureReason.INVALID_INPUT,
                                "AWAIT_SIGNING on " + node + ": " + signer.kind() + " returned no PEM certificate for "
                                        + request.name() + " (" + request.reference() + ")"
                                        + discard(
                                                renewal,
                                                cluster,
                                                node,
                                                sent.get().csrDir()));
                    }
                    signed.add(certificate.get());
                }
                case ExternalSigner.Signing.Refused refused -> {
                    return new StepOutcome.Failed(
                            FailureReason.POLICY,
                            "AWAIT_SIGNING on " + node + ": " + request.name() + " was refused: " + refused.reason()
                                    + "; nothing live on " + node + " was changed by the external CA steps"
                                    + discard(renewal, cluster, node, sent.get().csrDir()));
                }
                case ExternalSigner.Signing.Pending waiting -> pending.add(waiting.note());
            }
        }
        if (pending.isEmpty()) {
            return new StepOutcome.Done(new StepResult.CertificatesSigned(signed));
        }
        Instant now = clock.instant();
        Instant since = requested.get().finishedAt().orElse(now);
        String progress = signed.size() + " of " + sent.get().requests().size() + " signed; " + pending;
        if (now.isAfter(since.plus(external.signingTimeout()))) {
            return new StepOutcome.Failed(
                    FailureReason.POLICY,
                    "AWAIT_SIGNING on " + node + ": not signed within " + external.signingTimeout() + " (" + progress
                            + "); nothing live on " + node + " was changed by the external CA steps"
                            + discard(renewal, cluster, node, sent.get().csrDir()));
        }
        return new StepOutcome.Waiting(now.plus(external.pollInterval()), progress);
    }

    private StepOutcome install(Renewal renewal, ClusterProfile cluster, List<RenewalStep> steps, RenewalStep step) {
        String node = step.node().orElseThrow();
        Optional<StepResult.SigningRequested> sent =
                KubeadmSteps.nodeResult(steps, node, StepResult.SigningRequested.class);
        Optional<StepResult.CertificatesSigned> signed =
                KubeadmSteps.nodeResult(steps, node, StepResult.CertificatesSigned.class);
        if (sent.isEmpty() || signed.isEmpty()) {
            return new StepOutcome.Skipped("no externally signed certificates for " + node);
        }
        String backupDir =
                KubeadmSteps.BACKUP_DIR + "certfleet-install-" + KubeadmSteps.shortId(renewal) + "-" + step.attempts();
        OperationResult.InstallResult installed = result(
                nodes.executor(renewal.access())
                        .execute(
                                new NodeTarget(cluster.id(), node),
                                new NodeRequest.Install(
                                        null,
                                        sent.get().csrDir(),
                                        signed.get().certificates().stream()
                                                .map(c -> new NodeRequest.SignedCertificate(c.name(), c.certificate()))
                                                .toList(),
                                        backupDir,
                                        null)),
                OperationResult.InstallResult.class,
                "INSTALL on " + node);
        if (!installed.failed().isEmpty()) {
            String refused = "INSTALL on " + node + " refused "
                    + installed.failed().stream()
                            .map(f -> f.name() + " (" + f.reason() + ")")
                            .toList();
            if (installed.failed().stream().allMatch(OperationResult.FailedCertificate::retryable)) {
                // the staged keys are what the next attempt (or a POST retry) installs
                return new StepOutcome.Failed(FailureReason.TRANSIENT, refused);
            }
            // what the signer returned does not fit the staged keys, and never will: they are of no use any more
            return new StepOutcome.Failed(
                    FailureReason.INVALID_INPUT,
                    refused + discard(renewal, cluster, node, sent.get().csrDir()));
        }
        return new StepOutcome.Done(new StepResult.CertificatesRenewed(
                installed.renewed().stream()
                        .map(r -> new RenewedCertificate(
                                r.name(), r.path(), r.oldNotAfter(), r.newNotAfter(), r.sha256()))
                        .sorted(Comparator.comparing(RenewedCertificate::name))
                        .toList(),
                List.of()));
    }

    /**
     * Withdraws what the renewal staged on {@code node} for a signing nobody waits for any more (a cancel): the keys and
     * CSRs are removed, and the removal recorded so no later renewal asks the node again.
     *
     * @return what to add to the cancel's reason
     */
    public String withdraw(Renewal renewal, ClusterProfile cluster, List<RenewalStep> steps, String node) {
        Optional<StepResult.SigningRequested> sent =
                KubeadmSteps.nodeResult(steps, node, StepResult.SigningRequested.class);
        if (sent.isEmpty()) {
            return "";
        }
        NodeTarget target = new NodeTarget(cluster.id(), node);
        Optional<String> error = discardStaged(
                nodes.executor(renewal.access()), target, sent.get().csrDir());
        if (error.isPresent()) {
            return "; the keys staged in " + sent.get().csrDir() + " are still there (" + error.get()
                    + "); the next renewal of the cluster removes them";
        }
        abandoned.discarded(renewal.id(), node, clock.instant());
        return "; the keys staged in " + sent.get().csrDir() + " were removed";
    }

    /** The node directory a renewal stages its keys and CSRs in: one per renewal, so a retry replaces them. */
    static String csrDir(UUID renewalId) {
        return CSR_DIR + "certfleet-csr-" + renewalId.toString().substring(0, 8);
    }

    /**
     * Removes the keys staged for a signing that will not happen (best effort: the renewal fails either way).
     *
     * @return what to add to the failure's reason
     */
    private String discard(Renewal renewal, ClusterProfile cluster, String node, String csrDir) {
        return discardStaged(nodes.executor(renewal.access()), new NodeTarget(cluster.id(), node), csrDir)
                .map(error -> "; the keys staged in " + csrDir + " are still there (" + error + ")")
                .orElse("; the keys staged in " + csrDir + " were removed");
    }

    /**
     * Removes the keys that earlier renewals of the cluster staged on the node and never installed: they failed, and
     * now that this one runs they can no longer be retried. A removal is recorded, so later renewals do not ask again;
     * one that fails is only logged, and tried again by the next renewal.
     */
    private void discardAbandoned(Renewal renewal, NodeExecutor executor, NodeTarget target) {
        for (UUID earlier : abandoned.before(renewal, target.nodeName())) {
            String dir = csrDir(earlier);
            discardStaged(executor, target, dir)
                    .ifPresentOrElse(
                            error -> LOG.warn(
                                    "Renewal {}: the keys failed renewal {} staged in {} on {} are still there: {}",
                                    renewal.id(),
                                    earlier,
                                    dir,
                                    target.nodeName(),
                                    error),
                            () -> {
                                abandoned.discarded(earlier, target.nodeName(), clock.instant());
                                LOG.info(
                                        "Renewal {}: removed from {} what failed renewal {} staged in {} (superseded)",
                                        renewal.id(),
                                        target.nodeName(),
                                        earlier,
                                        dir);
                            });
        }
    }

    /** @return the node agent's error, when the directory could not be removed */
    private static Optional<String> discardStaged(NodeExecutor executor, NodeTarget target, String csrDir) {
        return switch (executor.execute(target, new NodeRequest.DiscardStaged(null, csrDir))) {
            case NodeResponse.Completed completed -> Optional.empty();
            case NodeResponse.Failed failed -> Optional.of(failed.error().message());
        };
    }

    /** Renewable leaves whose CA key is not on the node, by kubeadm name, with that CA's kubeadm name. */
    static Map<String, String> externallySigned(OperationResult.ScanResult scan) {
        Map<String, String> names = new LinkedHashMap<>();
        for (OperationResult.ScannedCertificate row : scan.certificates()) {
            if (row.presence() == Presence.PRESENT
                    && (row.index() == null || row.index() == 0)
                    && KubeadmSteps.RENEWABLE.contains(row.name())
                    && Boolean.TRUE.equals(row.externallyManaged())
                    && row.certificateAuthority() != null) {
                names.putIfAbsent(row.name(), row.certificateAuthority());
            }
        }
        return names;
    }

    private static Optional<StepResult.SignedCertificate> signedCertificate(
            SigningRequest request, ExternalSigner.Signing.Issued issued) {
        try {
            List<X509Certificate> chain = Pem.decodeCertificates(issued.certificate());
            if (chain.isEmpty()) {
                return Optional.empty();
            }
            X509Certificate leaf = chain.get(0);
            return Optional.of(new StepResult.SignedCertificate(
                    request.name(),
                    issued.certificate(),
                    sha256(leaf),
                    leaf.getNotAfter().toInstant()));
        } catch (IssuanceException e) {
            return Optional.empty();
        }
    }

    private static String reference(Renewal renewal, RenewalStep step, String node, String name) {
        String reference = ("certfleet-" + KubeadmSteps.shortId(renewal) + "-" + step.attempts() + "-" + node + "-"
                        + name)
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9.-]", "-");
        return reference.length() <= 253 ? reference : reference.substring(0, 253);
    }

    private static Optional<RenewalStep> nodeStep(List<RenewalStep> steps, String node, StepKind kind) {
        return steps.stream()
                .filter(s -> s.kind() == kind && s.node().equals(Optional.of(node)))
                .findFirst();
    }

    private static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("SHA-256 of a certificate", e);
        }
    }
}
