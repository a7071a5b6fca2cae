package io.certfleet.notifier.application;

import io.certfleet.messaging.ClusterScope;
import io.certfleet.messaging.Outbox;
import io.certfleet.notifier.domain.Approval;
import io.certfleet.notifier.domain.GrantDecision;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Use case: a person approves a pending renewal or upgrade; the approval and ApprovalGranted commit together. */
@Singleton
public class GrantApproval {
    private static final Logger LOG = LoggerFactory.getLogger(GrantApproval.class);

    private final Approvals approvals;
    private final Outbox outbox;
    private final Clock clock;

    GrantApproval(Approvals approvals, Outbox outbox, Clock clock) {
        this.approvals = approvals;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * @param refusal why the approver may not act on a cluster, by cluster id; empty where it may
     * @return empty if there is no such approval
     */
    @Transactional
    public Optional<GrantDecision> grant(
            UUID approvalId,
            String approvedBy,
            String channel,
            String comment,
            Function<String, Optional<String>> refusal) {
        Optional<Approval> approval = approvals.findForUpdate(approvalId);
        if (approval.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> notAllowed = refusal.apply(approval.get().clusterId());
        GrantDecision decision = notAllowed.isPresent()
                ? new GrantDecision.NotAllowed(approval.get(), notAllowed.get())
                : approval.get().grant(approvedBy, channel, comment, clock.instant());
        switch (decision) {
            case GrantDecision.Granted granted -> {
                approvals.update(granted.approval());
                outbox.append(granted.event());
                LOG.info(
                        "Approval {} of {} {} granted by {} via {}",
                        approvalId,
                        granted.approval().subjectKind(),
                        granted.approval().subjectId(),
                        approvedBy,
                        channel);
            }
            case GrantDecision.NotPending notPending -> LOG.info("Not granted: {}", notPending.reason());
            case GrantDecision.NotAllowed refused -> LOG.warn("Not granted: {}", refused.reason());
        }
        return Optional.of(decision);
    }

    /** The pending approvals of the clusters in {@code scope}, oldest first. */
    @Transactional
    public List<Approval> pending(ClusterScope scope) {
        return approvals.pending().stream()
                .filter(approval -> scope.includes(approval.clusterId()))
                .toList();
    }
}
