package io.certfleet.notifier.adapter.out;

import io.certfleet.events.ApprovalSubjectKind;
import io.certfleet.notifier.application.Approvals;
import io.certfleet.notifier.domain.Approval;
import io.certfleet.notifier.domain.ApprovalState;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** {@link Approvals} on PostgreSQL through Micronaut Data JDBC. */
@Singleton
final class JdbcApprovals implements Approvals {
    private final ApprovalRows rows;

    JdbcApprovals(ApprovalRows rows) {
        this.rows = rows;
    }

    @Override
    public Optional<Approval> findForUpdate(UUID id) {
        return rows.findByIdForUpdate(id).map(JdbcApprovals::toApproval);
    }

    @Override
    public boolean existsFor(ApprovalSubjectKind kind, String subjectId) {
        return rows.existsBySubjectKindAndSubjectId(kind.name(), subjectId);
    }

    @Override
    public Optional<Approval> findForUpdate(ApprovalSubjectKind kind, String subjectId) {
        return rows.findBySubjectForUpdate(kind.name(), subjectId).map(JdbcApprovals::toApproval);
    }

    @Override
    public List<Approval> pending() {
        return rows.findByStateOrderByRequestedAt(ApprovalState.PENDING.name()).stream()
                .map(JdbcApprovals::toApproval)
                .toList();
    }

    @Override
    public void add(Approval approval) {
        rows.save(toRow(approval));
    }

    @Override
    public void update(Approval approval) {
        rows.update(toRow(approval));
    }

    private static ApprovalRow toRow(Approval a) {
        Approval.Grant grant = a.decision();
        return new ApprovalRow(
                a.id(),
                a.clusterId(),
                a.subjectKind().name(),
                a.subjectId(),
                a.summary(),
                a.state().name(),
                a.requestedAt(),
                a.sourceEventId(),
                grant == null ? null : grant.approvedBy(),
                grant == null ? null : grant.channel(),
                grant == null ? null : grant.comment(),
                grant == null ? null : grant.at());
    }

    private static Approval toApproval(ApprovalRow row) {
        Approval.Grant grant = row.approvedBy() == null
                ? null
                : new Approval.Grant(row.approvedBy(), row.channel(), row.comment(), row.decidedAt());
        return new Approval(
                row.id(),
                row.clusterId(),
                ApprovalSubjectKind.valueOf(row.subjectKind()),
                row.subjectId(),
                row.summary(),
                ApprovalState.valueOf(row.state()),
                row.requestedAt(),
                row.sourceEventId(),
                grant);
    }
}
