package io.certfleet.events;

/**
 * One lint result about a certificate, e.g. a missing SAN the API server needs.
 *
 * @param code a stable machine-readable code, e.g. {@code MISSING_SAN}
 * @param severity how much it matters
 * @param message a human-readable explanation
 */
public record Finding(String code, FindingSeverity severity, String message) {
    public Finding {
        Fields.text(code, "code");
        Fields.required(severity, "severity");
        Fields.required(message, "message");
    }
}
