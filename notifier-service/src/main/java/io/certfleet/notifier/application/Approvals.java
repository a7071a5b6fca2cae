package io.certfleet.notifier.application;

import io.certfleet.events.ApprovalSubjectKind;
import io.certfleet.notifier.domain.Approval;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Where approvals are kept (the {@code approval} table). Runs in the caller's transaction. */
public interface Approvals {

    /** The approval, locked until the transaction ends so that two people cannot both grant it. */
    Optional<Approval> findForUpdate(UUID id);

    boolean existsFor(ApprovalSubjectKind kind, String subjectId);

    /** The approval of that subject, locked until the transaction ends. */
    Optional<Approval> findForUpdate(ApprovalSubjectKind kind, String subjectId);

    List<Approval> pending();

    void add(Approval approval);

    void update(Approval approval);
}
