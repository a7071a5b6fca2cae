package io.certfleet.scanner.domain.scan;

import io.certfleet.events.Finding;
import io.certfleet.events.FindingSeverity;
import io.certfleet.scanner.domain.inventory.EndpointComponent;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares the certificate an endpoint serves with the one on its node's disk. They differ when a component was not
 * restarted after a renewal (it keeps serving the old certificate until it expires, seed 001) or when something else
 * answers on the port.
 */
public final class ServedCertificateCheck {
    private ServedCertificateCheck() {}

    /** The outcome of one comparison. */
    public sealed interface Comparison {
        String reason();
    }

    /** The node serves what is on its disk. */
    public record Matches(String reason) implements Comparison {}

    /** The node serves something else: the finding to attach to the served certificate. */
    public record Differs(Finding finding) implements Comparison {
        @Override
        public String reason() {
            return finding.message();
        }
    }

    /** Nothing to compare with (the node's files were not read, or hold no such certificate). */
    public record NotComparable(String reason) implements Comparison {}

    /**
     * @param component what serves the endpoint
     * @param served the leaf certificate served (index 0 of the chain)
     * @param onDisk the node's certificates observed in the same scan
     */
    public static Comparison compare(
            EndpointComponent component, ObservedCertificate served, List<ObservedCertificate> onDisk) {
        Objects.requireNonNull(served, "served");
        Optional<ObservedCertificate> expected = Optional.empty();
        for (String location : component.diskLocations()) {
            expected = onDisk.stream()
                    .filter(c -> c.at().index() == 0 && c.at().location().equals(location))
                    .findFirst();
            if (expected.isPresent()) {
                break;
            }
        }
        if (expected.isEmpty()) {
            return new NotComparable("no " + String.join(" or ", component.diskLocations()) + " was read on the node");
        }
        ObservedCertificate disk = expected.get();
        if (disk.sha256().equals(served.sha256())) {
            return new Matches(served.at().location() + " serves " + disk.at().location());
        }
        return new Differs(new Finding(
                ScannerFindings.SERVED_CERTIFICATE_DIFFERS,
                FindingSeverity.ERROR,
                served.at().location() + " serves certificate " + shortSha(served.sha256()) + " (notAfter "
                        + served.facts().notAfter() + ") but " + disk.at().location() + " on the node is "
                        + shortSha(disk.sha256()) + " (notAfter " + disk.facts().notAfter()
                        + "): restart the component so it serves the file on disk"));
    }

    private static String shortSha(String sha) {
        return sha.substring(0, Math.min(12, sha.length()));
    }
}
