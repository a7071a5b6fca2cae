package io.certfleet.fleetsim;

/**
 * A simulated control-plane component could not (re)start from the files on its node, as a static
 * pod crash-loops on a missing file or a key that does not match its certificate. The endpoint
 * stays down until a restart succeeds. Retrying helps only after the files are fixed.
 */
public final class ComponentStartException extends RuntimeException {

    public ComponentStartException(String message, Throwable cause) {
        super(message, cause);
    }

    public boolean retryHelps() {
        return false;
    }
}
