package io.certfleet.pki.renew;

import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What to renew and where, with kubeadm's defaults applied once here.
 *
 * @param certDir {@code --cert-dir} ({@code /etc/kubernetes/pki})
 * @param configDir {@code --config-dir} ({@code /etc/kubernetes}), the kubeconfig files; it is backed up
 *     whole before the first write
 * @param names kubeadm names in the order to process them ({@code all} already expanded)
 * @param validity how long renewed certificates are valid from now (kubeadm: one year); never past the
 *     CA's own expiry
 * @param backupDir where the backup goes; empty means {@code <configDir>/tmp/certfleet-backup-<time>}
 * @param csrDir present for {@code --csr-only}: nothing live is touched, new keys and CSRs go here
 */
public record RenewalRequest(
        Path certDir,
        Path configDir,
        List<String> names,
        Duration validity,
        Optional<Path> backupDir,
        Optional<Path> csrDir) {

    /** kubeadm's {@code CertificateValidityPeriod}. */
    public static final Duration DEFAULT_VALIDITY = Duration.ofDays(365);

    /** The word that selects every renewable certificate. */
    public static final String ALL = "all";

    public RenewalRequest {
        Objects.requireNonNull(certDir, "certDir");
        Objects.requireNonNull(configDir, "configDir");
        Objects.requireNonNull(validity, "validity");
        Objects.requireNonNull(backupDir, "backupDir");
        Objects.requireNonNull(csrDir, "csrDir");
        names = expand(names);
        if (validity.isNegative() || validity.isZero()) {
            throw new RenewalException(
                    RenewalException.Reason.INVALID_INPUT, "validity must be positive, was " + validity);
        }
    }

    /** {@code certfleet renew TARGET} with the default validity and backup location. */
    public static RenewalRequest of(String target, Path certDir, Path configDir) {
        return new RenewalRequest(
                certDir, configDir, List.of(target), DEFAULT_VALIDITY, Optional.empty(), Optional.empty());
    }

    public RenewalRequest withValidity(Duration value) {
        return new RenewalRequest(certDir, configDir, names, value, backupDir, csrDir);
    }

    public RenewalRequest withBackupDir(Path value) {
        return new RenewalRequest(certDir, configDir, names, validity, Optional.of(value), csrDir);
    }

    /** {@code --csr-only --csr-dir DIR}. */
    public RenewalRequest csrOnly(Path directory) {
        return new RenewalRequest(certDir, configDir, names, validity, backupDir, Optional.of(directory));
    }

    /** The file of a renewable certificate: under the certificate or the configuration directory. */
    public Path fileOf(KubeadmCertificate certificate) {
        return switch (certificate.location()) {
            case CERT_DIR -> certDir.resolve(certificate.path());
            case CONFIG_DIR -> configDir.resolve(certificate.path());
            case KUBELET_DIR ->
                throw new IllegalArgumentException(certificate.kubeadmName() + " lives in the kubelet's directory");
        };
    }

    public boolean isCsrOnly() {
        return csrDir.isPresent();
    }

    /** The names {@code certfleet renew} accepts for renewal: {@code all} and kubeadm's renewable ones. */
    public static List<String> renewableNames() {
        List<String> names = new ArrayList<>();
        names.add(ALL);
        KubeadmCertificate.renewable().forEach(c -> names.add(c.kubeadmName()));
        return List.copyOf(names);
    }

    /**
     * Names that are known but never renewed here; asking for them gives a {@link
     * RenewalOutcome.Skipped} with the reason rather than an error.
     */
    public static List<String> knownButNotRenewed() {
        return Stream.concat(
                        Stream.of(
                                        KubeadmCertificate.KUBELET_CONF,
                                        KubeadmCertificate.KUBELET_CLIENT,
                                        KubeadmCertificate.KUBELET_SERVING)
                                .map(KubeadmCertificate::kubeadmName),
                        Stream.of(CertificateAuthority.values()).map(CertificateAuthority::kubeadmName))
                .toList();
    }

    private static List<String> expand(List<String> requested) {
        Objects.requireNonNull(requested, "names");
        if (requested.isEmpty()) {
            throw new RenewalException(RenewalException.Reason.INVALID_INPUT, "no certificate name given");
        }
        LinkedHashSet<String> expanded = new LinkedHashSet<>();
        for (String name : requested) {
            if (ALL.equals(name)) {
                KubeadmCertificate.renewable().forEach(c -> expanded.add(c.kubeadmName()));
            } else if (renewableNames().contains(name) || knownButNotRenewed().contains(name)) {
                expanded.add(name);
            } else {
                throw new RenewalException(
                        RenewalException.Reason.INVALID_INPUT,
                        "unknown certificate name '" + name + "'; valid names: " + String.join(", ", renewableNames()));
            }
        }
        return List.copyOf(expanded);
    }
}
