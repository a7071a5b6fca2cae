package io.certfleet.scanner.domain.scan;

import io.certfleet.events.CertificateFacts;
import io.certfleet.events.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One certificate observed at one location during a scan: its public facts and what linting found. Never holds the
 * certificate's bytes or any key.
 *
 * @param at where it was observed
 * @param kubeadmName the kubeadm name of the location ({@code apiserver}, {@code admin.conf}, {@code ca},
 *     {@code kubelet-client}, ...)
 * @param certificateAuthority the kubeadm CA that should have signed it ({@code ca}, {@code etcd-ca}, {@code
 *     front-proxy-ca})
 * @param externallyManaged whether certfleet must not renew it itself (its CA key is not on the node)
 * @param facts public facts
 * @param findings lint findings and scanner findings ({@code SERVED_CERTIFICATE_DIFFERS}, ...)
 */
public record ObservedCertificate(
        CertificateLocation at,
        Optional<String> kubeadmName,
        Optional<String> certificateAuthority,
        boolean externallyManaged,
        CertificateFacts facts,
        List<Finding> findings) {
    public ObservedCertificate {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kubeadmName, "kubeadmName");
        Objects.requireNonNull(certificateAuthority, "certificateAuthority");
        Objects.requireNonNull(facts, "facts");
        findings = List.copyOf(findings);
    }

    /** A certificate with nothing known beyond its facts (Secrets, CSRs, endpoints). */
    public static ObservedCertificate of(CertificateLocation at, CertificateFacts facts, List<Finding> findings) {
        return new ObservedCertificate(at, Optional.empty(), Optional.empty(), false, facts, findings);
    }

    public String sha256() {
        return facts.sha256();
    }

    /** The same observation with one more finding. */
    public ObservedCertificate withFinding(Finding finding) {
        List<Finding> more = new ArrayList<>(findings);
        more.add(finding);
        return new ObservedCertificate(at, kubeadmName, certificateAuthority, externallyManaged, facts, more);
    }

    public ObservedCertificate withKubeadmName(String name) {
        return new ObservedCertificate(at, Optional.of(name), certificateAuthority, externallyManaged, facts, findings);
    }
}
