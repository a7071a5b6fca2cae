package io.certfleet.renewal.adapter.in;

import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.Topics;
import io.certfleet.messaging.EventInbox;
import io.certfleet.messaging.EventRoutes;
import io.certfleet.messaging.InboxListener;
import io.certfleet.renewal.application.RequestRenewal;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Certificate events in: ExpiryDetected becomes a renewal decision; the other types are not renewal's business. */
@InboxListener(CertificateEventsListener.CONSUMER)
final class CertificateEventsListener {
    /** Consumer group and idempotency scope. */
    static final String CONSUMER = "renewal.certificates";

    private final EventInbox inbox;
    private final EventRoutes routes;

    CertificateEventsListener(EventInbox inbox, RequestRenewal requestRenewal) {
        this.inbox = inbox;
        this.routes = EventRoutes.forConsumer(CONSUMER)
                .on(ExpiryDetected.class, (event, expiry) -> requestRenewal.onExpiryDetected(event.id(), expiry));
    }

    @Topic(Topics.CERTIFICATES)
    void receive(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
        inbox.deliver(record, consumer, routes);
    }
}
