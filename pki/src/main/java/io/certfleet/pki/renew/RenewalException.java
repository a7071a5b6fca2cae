package io.certfleet.pki.renew;

import java.util.Objects;

/**
 * A renewal run (not one certificate) could not proceed: the request is wrong, a policy forbids it,
 * or the backup could not be written. Problems of a single certificate are {@link
 * RenewalOutcome.Failed} outcomes instead, so the other certificates are still renewed. Messages
 * name files and certificates, never key material.
 */
public final class RenewalException extends RuntimeException {

    /** Why, and so whether trying again can help. */
    public enum Reason {
        /** Unknown certificate name, missing directory, CSR directory on top of the live tree. */
        INVALID_INPUT(false),
        /** Refused on purpose (e.g. the backup directory already exists). */
        POLICY(false),
        /** Reading or writing files failed; may succeed later (disk full, transient I/O). */
        TRANSIENT(true);

        private final boolean retryHelps;

        Reason(boolean retryHelps) {
            this.retryHelps = retryHelps;
        }

        public boolean retryHelps() {
            return retryHelps;
        }
    }

    private final Reason reason;

    public RenewalException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public RenewalException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }

    public boolean retryHelps() {
        return reason.retryHelps();
    }
}
