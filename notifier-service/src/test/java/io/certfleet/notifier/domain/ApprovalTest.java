package io.certfleet.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.events.ApprovalGranted;
import io.certfleet.events.ApprovalSubjectKind;
import io.certfleet.events.RenewalRequested;
import io.certfleet.events.RenewalStrategy;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApprovalTest {
    private static final Instant ASKED = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant APPROVED = Instant.parse("2026-11-22T10:05:00Z");

    @Test
    void pendingApprovalIsGrantedOnceWithAnEvent() {
        Approval pending = Approval.pendingFor(renewal(), "e1", ASKED);

        GrantDecision decision = pending.grant("alice", "http", "window ok", APPROVED);

        assertThat(decision).isInstanceOfSatisfying(GrantDecision.Granted.class, granted -> {
            assertThat(granted.approval().state()).isEqualTo(ApprovalState.GRANTED);
            assertThat(granted.approval().decision())
                    .isEqualTo(new Approval.Grant("alice", "http", "window ok", APPROVED));
            assertThat(granted.event())
                    .isEqualTo(new ApprovalGranted(
                            pending.id().toString(),
                            "prod",
                            ApprovalSubjectKind.RENEWAL,
                            "ren-1",
                            "alice",
                            "http",
                            "window ok"));
        });
        Approval granted = ((GrantDecision.Granted) decision).approval();
        assertThat(granted.grant("bob", "slack", null, APPROVED.plusSeconds(60)))
                .isEqualTo(new GrantDecision.NotPending(
                        granted, "approval " + pending.id() + " was already granted by alice at 2026-11-22T10:05:00Z"));
    }

    @Test
    void aPendingApprovalWhoseRenewalEndedIsWithdrawnAndCannotBeGranted() {
        Approval pending = Approval.pendingFor(renewal(), "e1", ASKED);

        Approval withdrawn = pending.withdraw().orElseThrow();

        assertThat(withdrawn.state()).isEqualTo(ApprovalState.WITHDRAWN);
        assertThat(withdrawn.decision()).isNull();
        assertThat(withdrawn.grant("alice", "http", null, APPROVED))
                .isEqualTo(new GrantDecision.NotPending(
                        withdrawn,
                        "approval " + pending.id() + " was withdrawn: its RENEWAL ended before it was approved"));
        assertThat(withdrawn.withdraw()).isEmpty();
        Approval granted = ((GrantDecision.Granted) pending.grant("alice", "http", null, APPROVED)).approval();
        assertThat(granted.withdraw()).as("a granted approval stays granted").isEmpty();
    }

    private static RenewalRequested renewal() {
        return new RenewalRequested(
                "ren-1",
                "prod",
                List.of(),
                RenewalStrategy.KUBEADM_IN_PLACE,
                "apiserver expires in 8 days",
                "policy",
                null,
                null,
                true);
    }
}
