package io.certfleet.pki.inspect;

/** How much a {@link Finding} matters; the same three levels as the {@code events} contract. */
public enum FindingSeverity {
    /** Unusual but harmless. */
    INFO,
    /** Works today but deviates from the Kubernetes PKI requirements or good practice. */
    WARNING,
    /** Will break (or already breaks) a component, e.g. a missing SAN or a wrong key usage. */
    ERROR
}
