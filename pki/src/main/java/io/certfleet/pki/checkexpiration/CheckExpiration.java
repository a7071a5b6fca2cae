package io.certfleet.pki.checkexpiration;

import io.certfleet.pki.inspect.Finding;
import io.certfleet.pki.inspect.InspectedCertificate;
import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import io.certfleet.pki.kubeadm.NodeIdentity;
import io.certfleet.pki.lint.CertificateLint;
import io.certfleet.pki.read.CertificateReader;
import io.certfleet.pki.read.FoundCertificate;
import io.certfleet.pki.read.ReadResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code kubeadm certs check-expiration} for a node's directories, without kubeadm and without a
 * cluster: the same rows (plus the kubelet's client and serving certificates), MISSING for absent
 * files, CAs with "externally managed" when their key is absent, and lint findings per certificate.
 * An unreadable file becomes a row and an error; it never stops the check.
 */
public final class CheckExpiration {
    private final CertificateReader reader;
    private final Clock clock;

    public CheckExpiration(CertificateReader reader, Clock clock) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The kubeadm rows, then {@code kubelet-client} and {@code kubelet-serving}. */
    public static List<KubeadmCertificate> rows() {
        List<KubeadmCertificate> rows = new ArrayList<>(KubeadmCertificate.checkExpirationRows());
        rows.add(KubeadmCertificate.KUBELET_CLIENT);
        rows.add(KubeadmCertificate.KUBELET_SERVING);
        return List.copyOf(rows);
    }

    /** Checks without knowing the node: node-specific SANs (hostname, addresses) are not linted. */
    public CheckExpirationReport check(KubeadmLayout layout) {
        return check(layout, Optional.empty());
    }

    /** Checks a node whose identity is known, so every required SAN of the requirement table is linted. */
    public CheckExpirationReport check(KubeadmLayout layout, Optional<NodeIdentity> node) {
        Instant now = clock.instant();
        List<ReportError> errors = new ArrayList<>();
        Map<CertificateAuthority, List<InspectedCertificate>> caCertificates =
                new EnumMap<>(CertificateAuthority.class);
        Map<CertificateAuthority, Boolean> external = new EnumMap<>(CertificateAuthority.class);

        List<ExpirationRow> authorityRows = new ArrayList<>();
        for (CertificateAuthority ca : CertificateAuthority.values()) {
            Path path = layout.certDir().resolve(ca.certificatePath());
            boolean keyAbsent = !Files.exists(layout.certDir().resolve(ca.keyPath()));
            Optional<ReadResult> read = readIfPresent(path, false, ca.kubeadmName(), authorityRows, errors);
            if (read.isEmpty()) {
                continue;
            }
            List<InspectedCertificate> bundle = new ArrayList<>();
            for (FoundCertificate found : read.get().certificates()) {
                bundle.add(found.certificate());
                List<Finding> findings = new ArrayList<>(found.certificate().findings());
                findings.addAll(
                        CertificateLint.lintAuthority(found.certificate().facts(), ca));
                authorityRows.add(new ExpirationRow.Present(
                        entry(ca.kubeadmName(), path, found, now, Optional.empty(), keyAbsent, findings)));
            }
            caCertificates.put(ca, bundle);
            // kubeadm: a CA is external when its certificate is there and its key is not
            external.put(ca, keyAbsent);
        }

        List<ExpirationRow> certificateRows = new ArrayList<>();
        for (KubeadmCertificate cert : rows()) {
            Path path = path(layout, cert);
            Optional<ReadResult> read =
                    readIfPresent(path, cert.isKubeconfig(), cert.kubeadmName(), certificateRows, errors);
            if (read.isEmpty()) {
                continue;
            }
            List<FoundCertificate> found = read.get().certificates();
            CertificateAuthority authority = cert.authority();
            boolean ownCa = cert == KubeadmCertificate.KUBELET_SERVING && signedWithinFile(found);
            Optional<String> caName = ownCa ? Optional.empty() : Optional.of(authority.kubeadmName());
            boolean externallyManaged = !ownCa && external.getOrDefault(authority, false);
            for (FoundCertificate member : found) {
                List<Finding> findings = new ArrayList<>(member.certificate().findings());
                if (member.index() == 0) {
                    findings.addAll(CertificateLint.lint(member.certificate().facts(), cert, node));
                    findings.addAll(signatureFindings(
                            cert, member.certificate(), ownCa, caCertificates.get(authority), layout, authority));
                }
                certificateRows.add(new ExpirationRow.Present(entry(
                        cert.kubeadmName(),
                        path,
                        member,
                        now,
                        member.index() == 0 ? caName : Optional.empty(),
                        externallyManaged,
                        findings)));
            }
        }
        return new CheckExpirationReport(now, certificateRows, authorityRows, errors);
    }

    /** The file of a row; the kubelet serving certificate is the rotated one when it exists. */
    public static Path path(KubeadmLayout layout, KubeadmCertificate cert) {
        Path dir = layout.directory(cert.location());
        if (cert == KubeadmCertificate.KUBELET_SERVING) {
            Path rotated = dir.resolve(KubeadmCertificate.KUBELET_SERVING_ROTATED_PATH);
            if (Files.exists(rotated, LinkOption.NOFOLLOW_LINKS)) {
                return rotated;
            }
        }
        return dir.resolve(cert.path());
    }

    private Optional<ReadResult> readIfPresent(
            Path path, boolean kubeconfig, String name, List<ExpirationRow> rows, List<ReportError> errors) {
        // a dangling symlink is present-but-broken (an error with its target), not MISSING
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
            rows.add(new ExpirationRow.Missing(name, path.toString()));
            return Optional.empty();
        }
        ReadResult result;
        try {
            result = kubeconfig ? reader.readKubeconfigClientFile(path) : reader.readFile(path);
        } catch (RuntimeException e) {
            result = ReadResult.failed(
                    "internal error while reading (" + e.getClass().getSimpleName() + ")");
        }
        for (String problem : result.problems()) {
            errors.add(new ReportError(path.toString(), problem));
        }
        if (result.certificates().isEmpty()) {
            String reason = result.problems().isEmpty()
                    ? "no certificate in the file (" + String.join("; ", result.skipped()) + ")"
                    : String.join("; ", result.problems());
            if (result.problems().isEmpty()) {
                errors.add(new ReportError(path.toString(), reason));
            }
            rows.add(new ExpirationRow.Unreadable(name, path.toString(), reason));
            return Optional.empty();
        }
        return Optional.of(result);
    }

    /** The kubelet's self-generated serving certificate is signed by itself or by a CA kept in the same file. */
    private static boolean signedWithinFile(List<FoundCertificate> found) {
        InspectedCertificate leaf = found.get(0).certificate();
        if (leaf.facts().selfSigned()) {
            return true;
        }
        return found.stream().skip(1).anyMatch(member -> leaf.isIssuedBy(member.certificate()));
    }

    private static List<Finding> signatureFindings(
            KubeadmCertificate cert,
            InspectedCertificate leaf,
            boolean ownCa,
            List<InspectedCertificate> caBundle,
            KubeadmLayout layout,
            CertificateAuthority authority) {
        if (ownCa) {
            return List.of(Finding.info(
                    "KUBELET_SERVING_SELF_SIGNED",
                    "kubelet-serving is self-signed by the kubelet; clients such as metrics-server cannot verify it"
                            + " (serverTLSBootstrap: true makes the kubelet request a CA-signed one)"));
        }
        if (caBundle == null || caBundle.isEmpty()) {
            return List.of();
        }
        boolean signed = caBundle.stream().anyMatch(leaf::isIssuedBy);
        if (signed) {
            return List.of();
        }
        return List.of(Finding.error(
                "NOT_SIGNED_BY_CA",
                cert.kubeadmName() + " is not signed by " + authority.kubeadmName() + " ("
                        + layout.certDir().resolve(authority.certificatePath()) + "); its issuer is "
                        + (leaf.facts().issuer().isEmpty()
                                ? "(empty)"
                                : leaf.facts().issuer())));
    }

    static CertificateEntry entry(
            String name,
            Path path,
            FoundCertificate found,
            Instant now,
            Optional<String> certificateAuthority,
            boolean externallyManaged,
            List<Finding> findings) {
        return new CertificateEntry(
                Optional.of(name),
                found.index(),
                path.toString(),
                found.source(),
                found.certificate().facts(),
                KubeadmTimeFormat.residualSeconds(
                        now, found.certificate().facts().notAfter()),
                certificateAuthority,
                externallyManaged,
                findings);
    }
}
