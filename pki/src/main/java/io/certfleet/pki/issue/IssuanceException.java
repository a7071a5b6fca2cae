package io.certfleet.pki.issue;

/**
 * Issuing, encoding or decoding key material failed. Messages name the certificate, file or PEM
 * block type involved, never key bytes.
 */
public final class IssuanceException extends RuntimeException {

    /** Why it failed, and so whether trying again can help. */
    public enum Reason {
        /** The spec is inconsistent (e.g. notAfter before notBefore, an issuer that is not a CA). */
        INVALID_SPEC(false),
        /** A key type or curve this library does not issue with. */
        UNSUPPORTED_KEY(false),
        /** The text is not the PEM that was expected (wrong block, bad base64, bad DER). */
        MALFORMED_PEM(false),
        /** The private key is password-protected; certfleet never handles key passwords. */
        ENCRYPTED_KEY(false),
        /** The JCA provider refused (missing algorithm, signing failure). */
        CRYPTO_FAILURE(false),
        /** Reading or writing a file failed; may succeed later (disk full, transient I/O). */
        IO_FAILURE(true);

        private final boolean retryHelps;

        Reason(boolean retryHelps) {
            this.retryHelps = retryHelps;
        }

        public boolean retryHelps() {
            return retryHelps;
        }
    }

    private final Reason reason;

    public IssuanceException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public IssuanceException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }

    public boolean retryHelps() {
        return reason.retryHelps();
    }
}
