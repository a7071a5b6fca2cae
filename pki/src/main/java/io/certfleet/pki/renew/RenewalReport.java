package io.certfleet.pki.renew;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of one renewal run: an outcome per requested certificate, in request order, and the
 * backup taken before the first write (absent when nothing was written, e.g. {@code --csr-only} or
 * when every certificate was skipped).
 *
 * @param now the instant the run used as "now"
 * @param outcomes one per requested certificate
 * @param backup the backup directory of the configuration directory
 */
public record RenewalReport(Instant now, List<RenewalOutcome> outcomes, Optional<Path> backup) {

    public RenewalReport {
        Objects.requireNonNull(now, "now");
        outcomes = List.copyOf(outcomes);
        Objects.requireNonNull(backup, "backup");
    }

    public List<RenewalOutcome.Renewed> renewed() {
        return of(RenewalOutcome.Renewed.class);
    }

    public List<RenewalOutcome.Skipped> skipped() {
        return of(RenewalOutcome.Skipped.class);
    }

    public List<RenewalOutcome.Failed> failed() {
        return of(RenewalOutcome.Failed.class);
    }

    public List<RenewalOutcome.CsrGenerated> csrs() {
        return of(RenewalOutcome.CsrGenerated.class);
    }

    /** True when no certificate failed (skips are not failures). */
    public boolean succeeded() {
        return failed().isEmpty();
    }

    private <T extends RenewalOutcome> List<T> of(Class<T> type) {
        return outcomes.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
