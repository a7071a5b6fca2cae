package io.certfleet.pki.checkexpiration;

import io.certfleet.pki.inspect.Finding;
import io.certfleet.pki.inspect.InspectedCertificate;
import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.certfleet.pki.lint.CertificateLint;
import io.certfleet.pki.read.FoundCertificate;
import io.certfleet.pki.read.ScanResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of {@code scan}: every certificate found under the given paths with the same fields as
 * {@code check-expiration} (named and linted when the file is a recognizable kubeadm file), every
 * file that could not be read, and the files skipped on purpose (keys).
 */
public record ScanReport(
        Instant now, List<CertificateEntry> certificates, List<ReportError> errors, List<ReportError> skipped) {

    public ScanReport {
        Objects.requireNonNull(now, "now");
        certificates = List.copyOf(certificates);
        errors = List.copyOf(errors);
        skipped = List.copyOf(skipped);
    }

    public static ScanReport of(ScanResult result, Instant now) {
        Map<Path, List<InspectedCertificate>> byFile = new HashMap<>();
        for (ScanResult.Certificate c : result.certificates()) {
            byFile.computeIfAbsent(c.path(), p -> new ArrayList<>())
                    .add(c.found().certificate());
        }
        List<CertificateEntry> entries = new ArrayList<>();
        for (ScanResult.Certificate c : result.certificates()) {
            entries.add(entry(c.path(), c.found(), now, byFile.get(c.path())));
        }
        List<ReportError> errors = result.errors().stream()
                .map(e -> new ReportError(e.path(), e.reason()))
                .toList();
        List<ReportError> skipped = result.skipped().stream()
                .map(s -> new ReportError(s.path(), s.reason()))
                .toList();
        return new ScanReport(now, entries, errors, skipped);
    }

    private static CertificateEntry entry(
            Path path, FoundCertificate found, Instant now, List<InspectedCertificate> sameFile) {
        List<Finding> findings = new ArrayList<>(found.certificate().findings());
        Optional<KubeadmFileNames.Place> place = KubeadmFileNames.recognize(path);
        // in a kubeconfig only the client certificate carries the file's kubeadm name
        if (found.kind() == FoundCertificate.Kind.KUBECONFIG_CLUSTER_AUTHORITY) {
            place = Optional.empty();
        }
        Optional<String> name = Optional.empty();
        Optional<String> authority = Optional.empty();
        boolean externallyManaged = false;
        if (place.isPresent() && found.index() == 0) {
            name = Optional.of(place.get().kubeadmName());
            switch (place.get()) {
                case KubeadmFileNames.Leaf leaf -> {
                    findings.addAll(
                            CertificateLint.lint(found.certificate().facts(), leaf.certificate(), Optional.empty()));
                    InspectedCertificate cert = found.certificate();
                    // self-signed, or signed by a CA kept in the same file (the kubelet's own kubelet.crt)
                    boolean ownCa = cert.facts().selfSigned()
                            || sameFile.stream().anyMatch(other -> other != cert && cert.isIssuedBy(other));
                    if (!ownCa) {
                        authority = Optional.of(leaf.certificate().authority().kubeadmName());
                    }
                }
                case KubeadmFileNames.Authority ca -> {
                    findings.addAll(
                            CertificateLint.lintAuthority(found.certificate().facts(), ca.authority()));
                    externallyManaged = keyAbsent(path, ca.authority());
                }
            }
        } else if (place.isPresent()) {
            name = Optional.of(place.get().kubeadmName());
        }
        return new CertificateEntry(
                name,
                found.index(),
                path.toString(),
                found.source(),
                found.certificate().facts(),
                KubeadmTimeFormat.residualSeconds(
                        now, found.certificate().facts().notAfter()),
                authority,
                externallyManaged,
                findings);
    }

    private static boolean keyAbsent(Path certificate, CertificateAuthority ca) {
        String cert = ca.certificatePath();
        String key = ca.keyPath();
        String file = certificate.toString();
        Path keyPath = Path.of(file.substring(0, file.length() - cert.length()) + key);
        return !Files.exists(keyPath);
    }
}
