package io.certfleet.messaging;

import io.certfleet.events.CloudEvent;
import io.certfleet.events.EventData;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which event types one consumer handles, and how. Immutable; build once per listener:
 *
 * <pre>{@code
 * EventRoutes routes = EventRoutes.forConsumer("renewal.expiry")
 *         .on(ExpiryDetected.class, (event, data) -> requestRenewal.onExpiryDetected(event.id(), data));
 * }</pre>
 *
 * <p>The consumer name is the idempotency scope: it is recorded with every processed event id, so it must stay
 * stable across releases and differ between consumers that must each process the same event.
 */
public final class EventRoutes {
    private final String consumer;
    private final Map<Class<? extends EventData>, EventHandler<? extends EventData>> handlers;

    private EventRoutes(String consumer, Map<Class<? extends EventData>, EventHandler<? extends EventData>> handlers) {
        this.consumer = consumer;
        this.handlers = Map.copyOf(handlers);
    }

    /** Routes for the consumer of this name, handling nothing yet. */
    public static EventRoutes forConsumer(String consumer) {
        if (consumer == null || consumer.isBlank()) {
            throw new IllegalArgumentException("consumer name is required");
        }
        return new EventRoutes(consumer, Map.of());
    }

    /** These routes plus {@code handler} for events of {@code type}. */
    public <T extends EventData> EventRoutes on(Class<T> type, EventHandler<? super T> handler) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(handler, "handler");
        if (handlers.containsKey(type)) {
            throw new IllegalArgumentException(type.getSimpleName() + " is already routed for " + consumer);
        }
        Map<Class<? extends EventData>, EventHandler<? extends EventData>> more = new LinkedHashMap<>(handlers);
        more.put(type, handler);
        return new EventRoutes(consumer, more);
    }

    /** The idempotency scope recorded in {@code processed_event.consumer}. */
    public String consumer() {
        return consumer;
    }

    /** Runs the handler of the event's type, if there is one. */
    @SuppressWarnings("unchecked")
    Optional<Runnable> handlerFor(CloudEvent event) {
        EventHandler<EventData> handler =
                (EventHandler<EventData>) handlers.get(event.data().getClass());
        return handler == null ? Optional.empty() : Optional.of(() -> handler.handle(event, event.data()));
    }
}
