package io.certfleet.pki.renew;

/**
 * Why one certificate is not renewed, on its way to becoming a {@link RenewalOutcome.Skipped} or
 * {@link RenewalOutcome.Failed}. Checked, so every path through the renewal of one certificate has to
 * decide what becomes of it; the message is the outcome's reason and never quotes file content.
 */
final class CertificateProblem extends Exception {

    private final boolean skip;
    private final boolean retryHelps;

    private CertificateProblem(String message, boolean skip, boolean retryHelps) {
        super(message, null, false, false);
        this.skip = skip;
        this.retryHelps = retryHelps;
    }

    /** Not renewed on purpose. */
    static CertificateProblem skip(String reason) {
        return new CertificateProblem(reason, true, false);
    }

    /** Cannot be renewed until something is fixed. */
    static CertificateProblem fail(String reason) {
        return new CertificateProblem(reason, false, false);
    }

    /** Failed in a way a later run may not (I/O). */
    static CertificateProblem transientFailure(String reason) {
        return new CertificateProblem(reason, false, true);
    }

    boolean isSkip() {
        return skip;
    }

    boolean retryHelps() {
        return retryHelps;
    }

    /** Always a {@link RenewalOutcome.Failed}: where a skip is no answer (install was asked for this one). */
    RenewalOutcome.Failed failure(String name) {
        return new RenewalOutcome.Failed(name, getMessage(), retryHelps);
    }

    RenewalOutcome outcome(String name) {
        return skip
                ? new RenewalOutcome.Skipped(name, getMessage())
                : new RenewalOutcome.Failed(name, getMessage(), retryHelps);
    }
}
