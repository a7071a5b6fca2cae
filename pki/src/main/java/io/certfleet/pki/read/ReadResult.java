package io.certfleet.pki.read;

import java.util.ArrayList;
import java.util.List;

/**
 * What reading one source gave. A source can give certificates and problems at once (a bundle whose
 * third block is truncated), so both are lists; nothing here ever holds private key material.
 *
 * @param certificates every certificate found, in source order, indexed from 0
 * @param problems why parts of the source could not be read; each is safe to show (no key bytes)
 * @param skipped parts deliberately not read: private keys, public keys, CSRs
 */
public record ReadResult(List<FoundCertificate> certificates, List<String> problems, List<String> skipped) {
    public ReadResult {
        certificates = List.copyOf(certificates);
        problems = List.copyOf(problems);
        skipped = List.copyOf(skipped);
    }

    public static ReadResult failed(String problem) {
        return new ReadResult(List.of(), List.of(problem), List.of());
    }

    /** True when the source held only material that is not a certificate on purpose (e.g. a key file). */
    public boolean onlySkipped() {
        return certificates.isEmpty() && problems.isEmpty() && !skipped.isEmpty();
    }

    /** Collects results of parts, renumbering certificate indices across them. */
    static final class Builder {
        private final List<FoundCertificate> certificates = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private final List<String> skipped = new ArrayList<>();

        Builder certificate(
                String source, FoundCertificate.Kind kind, io.certfleet.pki.inspect.InspectedCertificate c) {
            certificates.add(new FoundCertificate(certificates.size(), source, kind, c));
            return this;
        }

        /** Adds another result; its certificates get the next indices and a source prefix. */
        Builder add(ReadResult part, String prefix, FoundCertificate.Kind kind) {
            for (FoundCertificate found : part.certificates()) {
                certificate(
                        prefix.isEmpty() ? found.source() : prefix + " " + found.source(), kind, found.certificate());
            }
            for (String problem : part.problems()) {
                problem(prefix.isEmpty() ? problem : prefix + ": " + problem);
            }
            for (String note : part.skipped()) {
                skip(prefix.isEmpty() ? note : prefix + ": " + note);
            }
            return this;
        }

        Builder problem(String problem) {
            problems.add(problem);
            return this;
        }

        Builder skip(String note) {
            skipped.add(note);
            return this;
        }

        boolean isEmpty() {
            return certificates.isEmpty() && problems.isEmpty() && skipped.isEmpty();
        }

        ReadResult build() {
            return new ReadResult(certificates, problems, skipped);
        }
    }
}
