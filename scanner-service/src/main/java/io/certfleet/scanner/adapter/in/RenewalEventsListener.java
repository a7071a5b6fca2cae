package io.certfleet.scanner.adapter.in;

import io.certfleet.events.RenewalCompleted;
import io.certfleet.events.Topics;
import io.certfleet.messaging.EventInbox;
import io.certfleet.messaging.EventRoutes;
import io.certfleet.messaging.InboxListener;
import io.certfleet.scanner.application.RescanAfterRenewal;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Renewal events in: a completed renewal triggers a rescan of its cluster. */
@InboxListener(RenewalEventsListener.CONSUMER)
final class RenewalEventsListener {
    /** Consumer group and idempotency scope. */
    static final String CONSUMER = "scanner.renewals";

    private final EventInbox inbox;
    private final EventRoutes routes;

    RenewalEventsListener(EventInbox inbox, RescanAfterRenewal rescan) {
        this.inbox = inbox;
        this.routes = EventRoutes.forConsumer(CONSUMER)
                .on(RenewalCompleted.class, (event, renewal) -> rescan.onRenewalCompleted(event.id(), renewal));
    }

    @Topic(Topics.RENEWALS)
    void receive(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
        inbox.deliver(record, consumer, routes);
    }
}
