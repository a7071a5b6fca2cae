package io.certfleet.notifier.adapter.in;

import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.RenewalRequested;
import io.certfleet.events.Topics;
import io.certfleet.messaging.EventInbox;
import io.certfleet.messaging.EventRoutes;
import io.certfleet.notifier.application.NotifyPeople;
import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Certificate and renewal events in: what people must hear about, and what they must approve. */
@KafkaListener(
        groupId = FleetEventsListener.CONSUMER,
        offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.DISABLED,
        errorStrategy =
                @ErrorStrategy(
                        value = ErrorStrategyValue.RETRY_ON_ERROR,
                        retryDelay = EventInbox.RETRY_DELAY,
                        retryCount = EventInbox.RETRY_FOREVER))
final class FleetEventsListener {
    /** Consumer group and idempotency scope. */
    static final String CONSUMER = "notifier.fleet";

    private final EventInbox inbox;
    private final EventRoutes routes;

    FleetEventsListener(EventInbox inbox, NotifyPeople notifyPeople) {
        this.inbox = inbox;
        this.routes = EventRoutes.forConsumer(CONSUMER)
                .on(ExpiryDetected.class, (event, expiry) -> notifyPeople.onExpiryDetected(event.id(), expiry))
                .on(RenewalRequested.class, (event, renewal) -> notifyPeople.onRenewalRequested(event.id(), renewal));
    }

    @Topic({Topics.CERTIFICATES, Topics.RENEWALS})
    void receive(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
        inbox.deliver(record, consumer, routes);
    }
}
