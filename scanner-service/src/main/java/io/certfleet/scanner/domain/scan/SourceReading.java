package io.certfleet.scanner.domain.scan;

import io.certfleet.events.ScanError;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What reading one {@link ScanScope} gave: the certificates observed, the parts that could not be read (the rest went
 * on), and whether the scope was reachable at all.
 *
 * @param scope what was read
 * @param complete whether the whole scope was read (then rows of the scope not seen again are removed)
 * @param certificates every certificate observed
 * @param errors every unreadable part
 * @param unreachable the source, when it could not be reached at all (node, endpoint, API)
 */
public record SourceReading(
        ScanScope scope,
        boolean complete,
        List<ObservedCertificate> certificates,
        List<ScanError> errors,
        Optional<String> unreachable) {
    public SourceReading {
        Objects.requireNonNull(scope, "scope");
        certificates = List.copyOf(certificates);
        errors = List.copyOf(errors);
        Objects.requireNonNull(unreachable, "unreachable");
    }

    public static SourceReading read(ScanScope scope, List<ObservedCertificate> certificates, List<ScanError> errors) {
        return new SourceReading(scope, true, certificates, errors, Optional.empty());
    }

    /** The source could not be reached: one error, nothing observed, the scope's rows kept. */
    public static SourceReading unreachable(ScanScope scope, String source, String reason) {
        return new SourceReading(scope, false, List.of(), List.of(new ScanError(source, reason)), Optional.of(source));
    }

    /** The source answered but could not be read as a whole (e.g. a listing failed): rows kept. */
    public static SourceReading failed(ScanScope scope, String source, String reason) {
        return new SourceReading(scope, false, List.of(), List.of(new ScanError(source, reason)), Optional.empty());
    }

    /** Nothing to read in this scope for this cluster (e.g. no management cluster): not an error. */
    public static SourceReading nothing(ScanScope scope) {
        return new SourceReading(scope, true, List.of(), List.of(), Optional.empty());
    }
}
