package io.certfleet.scanner.domain.scan;

/** Codes of the findings the scanner itself adds (lint findings come from {@code pki}). */
public final class ScannerFindings {
    /** The certificate an endpoint serves is not the one on the node's disk (a component not restarted). */
    public static final String SERVED_CERTIFICATE_DIFFERS = "SERVED_CERTIFICATE_DIFFERS";

    /** {@code rotateCertificates} is false (or unset) in the node's {@code /var/lib/kubelet/config.yaml}. */
    public static final String KUBELET_ROTATION_DISABLED = "KUBELET_ROTATION_DISABLED";

    private ScannerFindings() {}
}
