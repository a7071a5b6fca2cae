package io.certfleet.messaging;

import io.certfleet.events.CloudEvent;
import io.certfleet.events.EventData;

/**
 * Handles one type of event inside the consumer's transaction: change state through the service's repositories and
 * {@link Outbox#append} the resulting events; both commit with the processed-event row, or neither does.
 *
 * <p>Throw {@link EventRejectedException} to reject an event with a reason; database and broker errors are
 * classified automatically (transient ones are retried).
 *
 * @param <T> the event type
 */
@FunctionalInterface
public interface EventHandler<T extends EventData> {

    /**
     * @param event the envelope (id, time, source) of the event
     * @param data its payload, already of type {@code T}
     */
    void handle(CloudEvent event, T data);
}
