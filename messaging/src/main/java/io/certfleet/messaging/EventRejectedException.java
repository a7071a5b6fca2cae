package io.certfleet.messaging;

import java.util.Objects;

/**
 * Thrown by an event handler to say why it cannot process an event. With a reason where a retry does not help
 * ({@link FailureReason#INVALID_INPUT}, {@link FailureReason#POLICY}) the record is dead-lettered with the message
 * as its reason; with {@link FailureReason#TRANSIENT} or {@link FailureReason#UNREACHABLE} it is retried.
 *
 * <p>The message goes into a Kafka header and the {@code dead_letter} table: name the problem, never a secret.
 */
public class EventRejectedException extends RuntimeException {
    private final FailureReason reason;

    public EventRejectedException(FailureReason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public EventRejectedException(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the event was rejected. */
    public FailureReason reason() {
        return reason;
    }
}
