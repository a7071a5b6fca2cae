package io.certfleet.messaging;

/** What {@link EventInbox} did with one Kafka record; the offset has been committed in every case. */
public sealed interface Delivery {

    /** The handler ran and its effect committed together with the processed-event row. */
    record Processed(String eventId) implements Delivery {}

    /** This consumer had already processed the event: nothing happened again. */
    record Duplicate(String eventId) implements Delivery {}

    /** A valid event of a type this consumer does not handle (topics carry several types). */
    record Ignored(String eventType) implements Delivery {}

    /** The record went to the dead-letter topic and the {@code dead_letter} table with this reason. */
    record DeadLettered(FailureReason reason, String detail) implements Delivery {}
}
