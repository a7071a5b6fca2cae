package io.certfleet.events;

/**
 * A certificate a renewal deliberately left alone, e.g. one signed by an external CA.
 *
 * @param name the kubeadm name or path
 * @param reason why it was skipped
 */
public record SkippedCertificate(String name, String reason) {
    public SkippedCertificate {
        Fields.text(name, "name");
        Fields.text(reason, "reason");
    }
}
