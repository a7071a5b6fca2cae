package io.certfleet.messaging;

/**
 * Kafka headers of a record on a dead-letter topic ({@code <topic>.dlt}). The value is the original record's bytes,
 * its key the original key; these headers say where it came from and why it was set aside.
 */
public final class DeadLetterHeaders {
    /** {@code <FailureReason>: <detail>}, e.g. {@code INVALID_INPUT: invalid event: type: unknown event type}. */
    public static final String REASON = "certfleet.dlt.reason";
    /** The consumer (idempotency scope) that could not process the record. */
    public static final String CONSUMER = "certfleet.dlt.consumer";
    /** The topic the record was read from. */
    public static final String SOURCE_TOPIC = "certfleet.dlt.source-topic";
    /** The partition the record was read from, in decimal. */
    public static final String SOURCE_PARTITION = "certfleet.dlt.source-partition";
    /** The offset the record was read from, in decimal. */
    public static final String SOURCE_OFFSET = "certfleet.dlt.source-offset";

    private DeadLetterHeaders() {}
}
