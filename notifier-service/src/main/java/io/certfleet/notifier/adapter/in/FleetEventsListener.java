package io.certfleet.notifier.adapter.in;

import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.RenewalFailed;
import io.certfleet.events.RenewalRequested;
import io.certfleet.events.Topics;
import io.certfleet.messaging.EventInbox;
import io.certfleet.messaging.EventRoutes;
import io.certfleet.messaging.InboxListener;
import io.certfleet.notifier.application.NotifyPeople;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Certificate and renewal events in: what people must hear about, and what they must approve. */
@InboxListener(FleetEventsListener.CONSUMER)
final class FleetEventsListener {
    /** Consumer group and idempotency scope. */
    static final String CONSUMER = "notifier.fleet";

    private final EventInbox inbox;
    private final EventRoutes routes;

    FleetEventsListener(EventInbox inbox, NotifyPeople notifyPeople) {
        this.inbox = inbox;
        this.routes = EventRoutes.forConsumer(CONSUMER)
                .on(ExpiryDetected.class, (event, expiry) -> notifyPeople.onExpiryDetected(event.id(), expiry))
                .on(RenewalRequested.class, (event, renewal) -> notifyPeople.onRenewalRequested(event.id(), renewal))
                .on(RenewalFailed.class, (event, failed) -> notifyPeople.onRenewalFailed(event.id(), failed));
    }

    @Topic({Topics.CERTIFICATES, Topics.RENEWALS})
    void receive(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
        inbox.deliver(record, consumer, routes);
    }
}
