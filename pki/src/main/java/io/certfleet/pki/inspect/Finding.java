package io.certfleet.pki.inspect;

import java.util.Objects;

/**
 * One observation about a certificate: an odd encoding the parser tolerated (e.g. {@code
 * NEGATIVE_SERIAL}) or a deviation from the Kubernetes requirements found by the linter (e.g. {@code
 * MISSING_SAN}). Messages describe public certificate facts only.
 *
 * @param code stable, machine-readable, upper snake case
 * @param severity how much it matters
 * @param message a sentence for people
 */
public record Finding(String code, FindingSeverity severity, String message) {
    public Finding {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
    }

    public static Finding info(String code, String message) {
        return new Finding(code, FindingSeverity.INFO, message);
    }

    public static Finding warning(String code, String message) {
        return new Finding(code, FindingSeverity.WARNING, message);
    }

    public static Finding error(String code, String message) {
        return new Finding(code, FindingSeverity.ERROR, message);
    }
}
