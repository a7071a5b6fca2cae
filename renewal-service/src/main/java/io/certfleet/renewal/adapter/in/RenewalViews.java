package io.certfleet.renewal.adapter.in;

import io.certfleet.events.CertificateRef;
import io.certfleet.renewal.application.RenewalQueries;
import io.certfleet.renewal.domain.execution.Renewal;
import io.certfleet.renewal.domain.execution.RenewalStep;
import io.certfleet.renewal.domain.execution.StepResult;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/** The JSON documents of the renewal API. Public facts only. */
final class RenewalViews {
    private RenewalViews() {}

    /** Why a renewal stopped. */
    @Serdeable
    record FailureView(
            String step,
            @Nullable String node,
            String reason,
            boolean retryable,
            @Nullable String backupLocation) {}

    /** A renewal. */
    @Serdeable
    record RenewalView(
            String id,
            String clusterId,
            String state,
            String strategy,
            String access,
            String reason,
            boolean approvalRequired,
            @Nullable String approvedBy,
            String requestedBy,
            Instant requestedAt,
            Instant notAfter,
            @Nullable Instant notBefore,
            @Nullable Instant windowEnd,
            List<String> nodes,
            @Nullable Instant startedAt,
            @Nullable Instant finishedAt,
            @Nullable String cancelRequestedBy,
            @Nullable String upgradeId,
            @Nullable FailureView failure,
            int startAttempts,
            @Nullable String startNote) {

        static RenewalView of(Renewal r) {
            return new RenewalView(
                    r.id().toString(),
                    r.clusterId(),
                    r.state().name(),
                    r.strategy().name(),
                    r.access().name(),
                    r.reason(),
                    r.approvalRequired(),
                    r.approvedBy().orElse(null),
                    r.requestedBy(),
                    r.requestedAt(),
                    r.notAfter(),
                    r.notBefore().orElse(null),
                    r.windowEnd().orElse(null),
                    r.nodes(),
                    r.startedAt().orElse(null),
                    r.finishedAt().orElse(null),
                    r.cancelRequestedBy().orElse(null),
                    r.upgradeId().orElse(null),
                    r.failure()
                            .map(f -> new FailureView(
                                    f.step(),
                                    f.node().orElse(null),
                                    f.reason(),
                                    f.retryable(),
                                    f.backupLocation().orElse(null)))
                            .orElse(null),
                    r.startAttempts(),
                    r.startNote().orElse(null));
        }
    }

    /** A certificate the renewal covers. */
    @Serdeable
    record CertificateView(
            @Nullable String nodeName,
            String location,
            @Nullable String kubeadmName,
            String sha256) {
        static CertificateView of(CertificateRef ref) {
            return new CertificateView(ref.nodeName(), ref.location(), ref.kubeadmName(), ref.sha256());
        }
    }

    /** A step. */
    @Serdeable
    record StepView(
            int seq,
            @Nullable String node,
            String kind,
            String state,
            int attempts,
            @Nullable Instant startedAt,
            @Nullable Instant finishedAt,
            @Nullable String note,
            @Nullable String result) {
        static StepView of(RenewalStep step) {
            return new StepView(
                    step.seq(),
                    step.node().orElse(null),
                    step.kind().name(),
                    step.state().name(),
                    step.attempts(),
                    step.startedAt().orElse(null),
                    step.finishedAt().orElse(null),
                    step.note().orElse(null),
                    step.result().map(RenewalViews::summary).orElse(null));
        }
    }

    /** A renewal with its certificates and steps. */
    @Serdeable
    record RenewalDetailView(RenewalView renewal, List<CertificateView> certificates, List<StepView> steps) {
        static RenewalDetailView of(RenewalQueries.RenewalDetail detail) {
            return new RenewalDetailView(
                    RenewalView.of(detail.renewal()),
                    detail.certificates().stream().map(CertificateView::of).toList(),
                    detail.steps().stream().map(StepView::of).toList());
        }
    }

    /** {@code POST /renewals/{id}/approve}; the approver may be left out when the caller sends an API token. */
    @Serdeable
    record ApproveRequest(
            @Nullable String approvedBy, @Nullable String comment) {}

    /** {@code POST /renewals/{id}/cancel}; the canceller may be left out when the caller sends an API token. */
    @Serdeable
    record CancelRequest(
            @Nullable String cancelledBy, @Nullable String reason) {}

    /** {@code POST /renewals/{id}/retry}; the requester may be left out when the caller sends an API token. */
    @Serdeable
    record RetryRequest(@Nullable String requestedBy) {}

    /** The answer of a command. */
    @Serdeable
    record CommandResponse(@Nullable RenewalView renewal, String message) {}

    /** One line about what a step recorded. */
    static String summary(StepResult result) {
        return switch (result) {
            case StepResult.BackupTaken b ->
                "backup " + b.backup() + "; " + b.before().size() + " certificates before";
            case StepResult.CertificatesRenewed r ->
                r.renewed().size() + " renewed "
                        + r.renewed().stream().map(c -> c.name()).toList()
                        + (r.skipped().isEmpty()
                                ? ""
                                : "; skipped "
                                        + r.skipped().stream()
                                                .map(s -> s.name() + ": " + s.reason())
                                                .toList());
            case StepResult.SigningRequested q ->
                q.requests().size() + " CSRs submitted ("
                        + q.requests().stream()
                                .map(r -> r.name() + " → " + r.signerName() + " as " + r.reference())
                                .toList()
                        + "); new keys staged in " + q.csrDir();
            case StepResult.CertificatesSigned c ->
                c.certificates().size() + " signed "
                        + c.certificates().stream()
                                .map(s -> s.name() + " until " + s.notAfter())
                                .toList();
            case StepResult.StaticPodsRestarted s -> "restarted " + s.components();
            case StepResult.ServedCertificatesVerified v -> v.verification().detail();
            case StepResult.KubeconfigRefreshed k ->
                (k.changed() ? "refreshed " : "already current: ") + k.secret() + " (client certificate "
                        + k.clientCertificateSha256() + ")";
            case StepResult.DependantsRestarted d ->
                "restarted " + d.restarted() + (d.absent().isEmpty() ? "" : "; absent " + d.absent());
            case StepResult.RolloutTriggered t ->
                t.controlPlane() + " rolloutAfter " + t.rolloutAfter() + "; replacing " + t.previousMachines();
            case StepResult.RolloutFinished f -> "new Machines " + f.machines();
            case StepResult.RolloutVerified v -> v.verification().detail();
        };
    }
}
