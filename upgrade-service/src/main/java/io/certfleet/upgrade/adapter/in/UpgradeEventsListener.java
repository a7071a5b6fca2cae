package io.certfleet.upgrade.adapter.in;

import io.certfleet.events.Topics;
import io.certfleet.events.UpgradeRequested;
import io.certfleet.messaging.EventInbox;
import io.certfleet.messaging.EventRoutes;
import io.certfleet.messaging.InboxListener;
import io.certfleet.upgrade.application.PlanUpgrade;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Upgrade events in: UpgradeRequested is planned; the service's own events on the topic are ignored. */
@InboxListener(UpgradeEventsListener.CONSUMER)
final class UpgradeEventsListener {
    /** Consumer group and idempotency scope. */
    static final String CONSUMER = "upgrade.upgrades";

    private final EventInbox inbox;
    private final EventRoutes routes;

    UpgradeEventsListener(EventInbox inbox, PlanUpgrade planUpgrade) {
        this.inbox = inbox;
        this.routes = EventRoutes.forConsumer(CONSUMER)
                .on(UpgradeRequested.class, (event, request) -> planUpgrade.onUpgradeRequested(event.id(), request));
    }

    @Topic(Topics.UPGRADES)
    void receive(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
        inbox.deliver(record, consumer, routes);
    }
}
