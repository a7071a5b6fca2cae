package io.certfleet.embedded;

/**
 * A broker or database server could not be started, reached or used.
 *
 * <p>The {@link Reason} says whether trying again can help: a port taken between picking and binding
 * it or a slow start is {@link Reason#TRANSIENT}; a data directory held by another process or an
 * invalid database name is {@link Reason#INVALID_INPUT} and fails the same way every time.
 */
public final class EmbeddedInfrastructureException extends RuntimeException {

    /** Why it failed, and so whether a retry helps. */
    public enum Reason {
        /** A race or a slow machine; the same call may succeed when repeated. */
        TRANSIENT,
        /** An external server (see {@code certfleet.infra=external}) did not answer. */
        UNREACHABLE,
        /** The request itself is wrong (bad name, unusable or locked directory); repeating it fails again. */
        INVALID_INPUT
    }

    private final Reason reason;

    public EmbeddedInfrastructureException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public EmbeddedInfrastructureException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }

    /** True when repeating the same call may succeed. */
    public boolean retryHelps() {
        return reason != Reason.INVALID_INPUT;
    }
}
