package io.certfleet.messaging;

/**
 * Thrown out of a Kafka listener when a record could not be processed for a reason that may go away (database or
 * broker unavailable). Nothing was committed; the listener's {@code RETRY_ON_ERROR} error strategy seeks back to the
 * record, pauses its partition for the retry delay and delivers it again. Never dead-lettered.
 */
public final class TransientDeliveryException extends RuntimeException {
    private final FailureReason reason;

    TransientDeliveryException(FailureReason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** {@link FailureReason#TRANSIENT} or {@link FailureReason#UNREACHABLE}. */
    public FailureReason reason() {
        return reason;
    }
}
