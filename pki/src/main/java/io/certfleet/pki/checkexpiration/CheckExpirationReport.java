package io.certfleet.pki.checkexpiration;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The result of checking one kubeadm node: the rows of kubeadm's two tables (leaf certificates, plus
 * {@code kubelet-client} and {@code kubelet-serving}; then the CAs) and the files that could not be read.
 *
 * @param now the instant residual times were computed at
 * @param certificates rows of the first table, in kubeadm order, then the kubelet rows
 * @param authorities rows of the second table: ca, etcd-ca, front-proxy-ca
 * @param errors every unreadable file or part of a file
 */
public record CheckExpirationReport(
        Instant now, List<ExpirationRow> certificates, List<ExpirationRow> authorities, List<ReportError> errors) {

    public CheckExpirationReport {
        Objects.requireNonNull(now, "now");
        certificates = List.copyOf(certificates);
        authorities = List.copyOf(authorities);
        errors = List.copyOf(errors);
    }

    /** Every certificate read, leaves first, bundle members included. */
    public List<CertificateEntry> entries() {
        return Stream.concat(certificates.stream(), authorities.stream())
                .flatMap(row -> row instanceof ExpirationRow.Present p ? Stream.of(p.entry()) : Stream.empty())
                .toList();
    }

    /** Certificates (leaves and CAs) whose notAfter is at most {@code window} away, expired ones included. */
    public List<CertificateEntry> expiringWithin(Duration window) {
        Instant limit = now.plus(window);
        return entries().stream()
                .filter(e -> !e.facts().notAfter().isAfter(limit))
                .toList();
    }
}
