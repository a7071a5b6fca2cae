package io.certfleet.messaging;

/** Why handling an event failed, and whether trying again can help. */
public enum FailureReason {
    /** The database or broker is briefly unavailable, a lock timed out, a concurrent insert won: retry. */
    TRANSIENT(true),
    /** A system the handler needs cannot be reached right now: retry. */
    UNREACHABLE(true),
    /** The record is not a valid event, or the event contradicts what this service knows: never retry. */
    INVALID_INPUT(false),
    /** A rule forbids acting on the event: never retry. */
    POLICY(false),
    /** The handler failed in a way nobody anticipated (a bug): retrying the same code does not help. */
    INTERNAL(false);

    private final boolean retryHelps;

    FailureReason(boolean retryHelps) {
        this.retryHelps = retryHelps;
    }

    /** Whether delivering the same record again may succeed. */
    public boolean retryHelps() {
        return retryHelps;
    }
}
