package io.certfleet.notifier.application;

import io.certfleet.events.ApprovalSubjectKind;
import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.RenewalFailed;
import io.certfleet.events.RenewalRequested;
import io.certfleet.notifier.domain.Approval;
import io.certfleet.notifier.domain.NotificationDecision;
import io.certfleet.notifier.domain.NotificationRules;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Use cases driven by other services' events: open a notification per problem, and hold a renewal that requires
 * approval as a pending approval.
 */
@Singleton
public class NotifyPeople {
    private static final Logger LOG = LoggerFactory.getLogger(NotifyPeople.class);

    private final Notifications notifications;
    private final Approvals approvals;
    private final Clock clock;
    private final NotificationRules rules;

    NotifyPeople(Notifications notifications, Approvals approvals, Clock clock) {
        this.notifications = notifications;
        this.approvals = approvals;
        this.clock = clock;
        this.rules = new NotificationRules(clock);
    }

    @Transactional
    public NotificationDecision onExpiryDetected(String eventId, ExpiryDetected expiry) {
        NotificationDecision decision =
                rules.onExpiry(eventId, expiry, notifications.exists(NotificationRules.problemKey(expiry)));
        apply(decision);
        return decision;
    }

    @Transactional
    public NotificationDecision onRenewalRequested(String eventId, RenewalRequested renewal) {
        NotificationDecision decision =
                rules.onRenewalRequested(eventId, renewal, notifications.exists(NotificationRules.problemKey(renewal)));
        apply(decision);
        if (renewal.approvalRequired() && !approvals.existsFor(ApprovalSubjectKind.RENEWAL, renewal.renewalId())) {
            Approval approval = Approval.pendingFor(renewal, eventId, clock.instant());
            approvals.add(approval);
            LOG.info("Renewal {} waits for approval {}", renewal.renewalId(), approval.id());
        }
        return decision;
    }

    @Transactional
    public NotificationDecision onRenewalFailed(String eventId, RenewalFailed failed) {
        NotificationDecision decision =
                rules.onRenewalFailed(eventId, failed, notifications.exists(NotificationRules.problemKey(failed)));
        apply(decision);
        approvals
                .findForUpdate(ApprovalSubjectKind.RENEWAL, failed.renewalId())
                .flatMap(Approval::withdraw)
                .ifPresent(withdrawn -> {
                    approvals.update(withdrawn);
                    LOG.info(
                            "Approval {} withdrawn: renewal {} ended at {}",
                            withdrawn.id(),
                            failed.renewalId(),
                            failed.step());
                });
        return decision;
    }

    private void apply(NotificationDecision decision) {
        switch (decision) {
            case NotificationDecision.Open open -> {
                notifications.add(open.notification());
                LOG.info(
                        "Notification {}: {}",
                        open.notification().id(),
                        open.notification().title());
            }
            case NotificationDecision.Repeat repeat -> {
                notifications.recordRepeat(repeat.problemKey(), clock.instant());
                LOG.debug("Not notifying again: {}", repeat.reason());
            }
        }
    }
}
