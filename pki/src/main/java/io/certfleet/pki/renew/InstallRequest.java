package io.certfleet.pki.renew;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Certificates an external CA signed for the CSRs {@code --csr-only} wrote, to install over the live
 * ones with the keys staged beside those CSRs (the second half of kubeadm's external CA mode).
 *
 * @param certDir {@code --cert-dir} ({@code /etc/kubernetes/pki}); the CA certificates are read here
 * @param configDir {@code --config-dir} ({@code /etc/kubernetes}); backed up whole before the first write
 * @param csrDir the directory {@code --csr-only} wrote the keys and requests to
 * @param signedCertificates kubeadm name ({@code apiserver}, {@code admin.conf}, ...) to the signed
 *     certificate as PEM, leaf first, optionally followed by its chain; processed in the map's order
 * @param backupDir where the backup goes; empty means {@code <configDir>/tmp/certfleet-backup-<time>}
 */
public record InstallRequest(
        Path certDir, Path configDir, Path csrDir, Map<String, String> signedCertificates, Optional<Path> backupDir) {

    public InstallRequest {
        Objects.requireNonNull(certDir, "certDir");
        Objects.requireNonNull(configDir, "configDir");
        Objects.requireNonNull(csrDir, "csrDir");
        Objects.requireNonNull(signedCertificates, "signedCertificates");
        Objects.requireNonNull(backupDir, "backupDir");
        if (signedCertificates.isEmpty()) {
            throw new RenewalException(RenewalException.Reason.INVALID_INPUT, "no signed certificate given");
        }
        signedCertificates.forEach((name, pem) -> {
            if (name == null || name.isBlank()) {
                throw new RenewalException(RenewalException.Reason.INVALID_INPUT, "a signed certificate has no name");
            }
            if (pem == null || pem.isBlank()) {
                throw new RenewalException(
                        RenewalException.Reason.INVALID_INPUT, "the signed certificate for " + name + " is empty");
            }
        });
        // the caller's order is the order of the outcomes
        signedCertificates = Collections.unmodifiableMap(new LinkedHashMap<>(signedCertificates));
    }

    /** Installs into the default locations with the default backup directory. */
    public static InstallRequest of(Path certDir, Path configDir, Path csrDir, Map<String, String> signed) {
        return new InstallRequest(certDir, configDir, csrDir, signed, Optional.empty());
    }

    public InstallRequest withBackupDir(Path value) {
        return new InstallRequest(certDir, configDir, csrDir, signedCertificates, Optional.of(value));
    }
}
