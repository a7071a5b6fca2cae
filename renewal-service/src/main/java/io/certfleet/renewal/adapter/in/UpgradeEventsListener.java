package io.certfleet.renewal.adapter.in;

import io.certfleet.events.ClusterUpgraded;
import io.certfleet.events.Topics;
import io.certfleet.events.UpgradeFailed;
import io.certfleet.events.UpgradePlanned;
import io.certfleet.messaging.EventInbox;
import io.certfleet.messaging.EventRoutes;
import io.certfleet.messaging.InboxListener;
import io.certfleet.renewal.application.TrackUpgrades;
import io.micronaut.configuration.kafka.annotation.Topic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Upgrade events in: which clusters have an upgrade planned (renewals may be handed over to it). */
@InboxListener(UpgradeEventsListener.CONSUMER)
final class UpgradeEventsListener {
    /** Consumer group and idempotency scope. */
    static final String CONSUMER = "renewal.upgrades";

    private final EventInbox inbox;
    private final EventRoutes routes;

    UpgradeEventsListener(EventInbox inbox, TrackUpgrades upgrades) {
        this.inbox = inbox;
        this.routes = EventRoutes.forConsumer(CONSUMER)
                .on(
                        UpgradePlanned.class,
                        (event, planned) -> upgrades.planned(planned.clusterId(), planned.upgradeId(), event.time()))
                .on(ClusterUpgraded.class, (event, done) -> upgrades.finished(done.clusterId(), done.upgradeId()))
                .on(UpgradeFailed.class, (event, failed) -> upgrades.finished(failed.clusterId(), failed.upgradeId()));
    }

    @Topic(Topics.UPGRADES)
    void receive(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
        inbox.deliver(record, consumer, routes);
    }
}
