package io.certfleet.events;

/** The expiry threshold a certificate has crossed; thresholds are configured per cluster. */
public enum ExpirySeverity {
    /** Inside the warning threshold (e.g. fewer than 30 days left). */
    WARNING,
    /** Inside the critical threshold (e.g. fewer than 7 days left). */
    CRITICAL,
    /** Already expired. */
    EXPIRED
}
