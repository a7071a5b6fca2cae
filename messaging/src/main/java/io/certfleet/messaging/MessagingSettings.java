package io.certfleet.messaging;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * Settings of the messaging plumbing, under {@code certfleet.messaging}. Defaults are applied here once.
 *
 * @param source the CloudEvents {@code source} of the events this service emits, e.g. {@code /certfleet/renewal}
 *     (required)
 * @param relayEnabled whether this instance relays the outbox to Kafka (several instances may; they take turns)
 * @param relayInterval how often the relay looks for unpublished rows when nothing woke it up
 * @param relayBatchSize rows relayed per database transaction
 * @param relayMaxAttempts failed sends of one row before the relay parks it (it stays unpublished with its last
 *     error, visible in {@code /health}, until someone resets {@code attempts})
 * @param relayMaxBackoff longest wait between two attempts at one failing row
 * @param relaySendTimeout how long the relay waits for the broker to acknowledge a batch
 * @param publishedRetention how long published outbox rows are kept before the relay deletes them
 * @param processedRetention how long a consumer remembers an event id it processed; must be longer than the
 *     topics' retention (14 days in deploy/), or a redelivered old event could take effect twice
 */
@ConfigurationProperties("certfleet.messaging")
public record MessagingSettings(
        String source,
        @Bindable(defaultValue = "true") boolean relayEnabled,
        @Bindable(defaultValue = "200ms") Duration relayInterval,
        @Bindable(defaultValue = "500") int relayBatchSize,
        @Bindable(defaultValue = "20") int relayMaxAttempts,
        @Bindable(defaultValue = "30s") Duration relayMaxBackoff,
        @Bindable(defaultValue = "30s") Duration relaySendTimeout,
        @Bindable(defaultValue = "7d") Duration publishedRetention,
        @Bindable(defaultValue = "30d") Duration processedRetention) {

    public MessagingSettings {
        if (source == null || source.isBlank()) {
            throw new IllegalArgumentException(
                    "certfleet.messaging.source is required: the CloudEvents source of this service's events,"
                            + " e.g. /certfleet/renewal");
        }
        requirePositive(relayInterval, "relay-interval");
        requirePositive(relayMaxBackoff, "relay-max-backoff");
        requirePositive(relaySendTimeout, "relay-send-timeout");
        requirePositive(publishedRetention, "published-retention");
        requirePositive(processedRetention, "processed-retention");
        if (relayBatchSize < 1) {
            throw new IllegalArgumentException("certfleet.messaging.relay-batch-size must be at least 1");
        }
        if (relayMaxAttempts < 1) {
            throw new IllegalArgumentException("certfleet.messaging.relay-max-attempts must be at least 1");
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("certfleet.messaging." + name + " must be a positive duration");
        }
    }
}
