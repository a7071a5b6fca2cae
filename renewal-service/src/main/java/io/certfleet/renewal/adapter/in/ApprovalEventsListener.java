package io.certfleet.renewal.adapter.in;

import io.certfleet.events.ApprovalGranted;
import io.certfleet.events.ApprovalSubjectKind;
import io.certfleet.events.Topics;
import io.certfleet.messaging.EventInbox;
import io.certfleet.messaging.EventRejectedException;
import io.certfleet.messaging.EventRoutes;
import io.certfleet.messaging.FailureReason;
import io.certfleet.messaging.InboxListener;
import io.certfleet.renewal.application.RenewalCommands;
import io.micronaut.configuration.kafka.annotation.Topic;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Approvals in: an ApprovalGranted of a renewal moves it from AWAITING_APPROVAL to SCHEDULED. Approvals of upgrades are
 * not renewal's business; an approval naming no known renewal (or another cluster's) is dead-lettered as POLICY, where
 * someone can see it.
 */
@InboxListener(ApprovalEventsListener.CONSUMER)
final class ApprovalEventsListener {
    /** Consumer group and idempotency scope. */
    static final String CONSUMER = "renewal.approvals";

    private final EventInbox inbox;
    private final EventRoutes routes;

    ApprovalEventsListener(EventInbox inbox, RenewalCommands commands) {
        this.inbox = inbox;
        this.routes = EventRoutes.forConsumer(CONSUMER).on(ApprovalGranted.class, (event, approval) -> {
            if (approval.subjectKind() != ApprovalSubjectKind.RENEWAL) {
                return;
            }
            UUID id;
            try {
                id = UUID.fromString(approval.subjectId());
            } catch (IllegalArgumentException e) {
                throw new EventRejectedException(
                        FailureReason.INVALID_INPUT, "subjectId '" + approval.subjectId() + "' is not a renewal id");
            }
            switch (commands.approve(id, approval.approvedBy(), Optional.of(approval.clusterId()))) {
                case RenewalCommands.Result.Done done -> {}
                case RenewalCommands.Result.NotFound notFound ->
                    throw new EventRejectedException(FailureReason.POLICY, "no renewal " + id + " to approve");
                case RenewalCommands.Result.Conflict conflict ->
                    throw new EventRejectedException(FailureReason.POLICY, conflict.message());
            }
        });
    }

    @Topic(Topics.APPROVALS)
    void receive(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
        inbox.deliver(record, consumer, routes);
    }
}
