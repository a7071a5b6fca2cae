package io.certfleet.nodeagent;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.certfleet.pki.checkexpiration.ReportError;
import io.certfleet.pki.inspect.CertificateFacts;
import io.certfleet.pki.inspect.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a completed operation reports, as JSON with its {@code operation}. Only public facts: subjects,
 * fingerprints, validity, paths, reasons — never key material. {@link #succeeded()} says whether the
 * operation did what was asked (a renewal with a failed certificate, a verification that did not
 * pass, a component that did not come back are completed but not successful).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "operation")
@JsonSubTypes({
    @JsonSubTypes.Type(value = OperationResult.ScanResult.class, name = "SCAN"),
    @JsonSubTypes.Type(value = OperationResult.RenewResult.class, name = "RENEW"),
    @JsonSubTypes.Type(value = OperationResult.BackupResult.class, name = "BACKUP"),
    @JsonSubTypes.Type(value = OperationResult.RestoreResult.class, name = "RESTORE"),
    @JsonSubTypes.Type(value = OperationResult.RestartResult.class, name = "RESTART_CONTROL_PLANE"),
    @JsonSubTypes.Type(value = OperationResult.VerifyResult.class, name = "VERIFY"),
    @JsonSubTypes.Type(value = OperationResult.InstallResult.class, name = "INSTALL"),
    @JsonSubTypes.Type(value = OperationResult.StagedDiscarded.class, name = "DISCARD_STAGED"),
    @JsonSubTypes.Type(value = OperationResult.ClientCertificateIssued.class, name = "ISSUE_CLIENT_CERTIFICATE")
})
public sealed interface OperationResult {

    @JsonIgnore
    Operation operation();

    @JsonIgnore
    boolean succeeded();

    /**
     * The node's check-expiration: the kubeadm rows plus {@code kubelet-client} and {@code
     * kubelet-serving}, then the CAs; and what the kubelet's own files say about its client
     * certificate ({@code kubelet}). A scan with unreadable files still succeeds; they are rows
     * and {@code errors}.
     *
     * @param errors every file, or part of one, that could not be read (the kubelet's files included)
     * @param kubelet null in the answer of an agent older than this field: then nothing is known
     *     about {@code kubelet.conf}'s embedded certificate or {@code rotateCertificates}
     */
    record ScanResult(
            Instant now,
            List<ScannedCertificate> certificates,
            List<ScannedCertificate> authorities,
            List<ReportError> errors,
            KubeletScan kubelet)
            implements OperationResult {
        public ScanResult {
            Objects.requireNonNull(now, "now");
            certificates = List.copyOf(certificates);
            authorities = List.copyOf(authorities);
            errors = errors == null ? List.of() : List.copyOf(errors);
        }

        /** A scan without the kubelet part, as an older agent answers. */
        public ScanResult(
                Instant now,
                List<ScannedCertificate> certificates,
                List<ScannedCertificate> authorities,
                List<ReportError> errors) {
            this(now, certificates, authorities, errors, null);
        }

        @Override
        public Operation operation() {
            return Operation.SCAN;
        }

        @Override
        public boolean succeeded() {
            return true;
        }
    }

    /**
     * The kubelet's client certificate beyond check-expiration's {@code kubelet-client} row: the
     * certificate {@code kubelet.conf} embeds (old {@code kubeadm init} nodes; the kubelet never renews
     * it), and whether the kubelet renews the one it keeps in {@code kubelet-client-current.pem}.
     *
     * @param kubeconfig node path of {@code kubelet.conf} ({@code <configDir>/kubelet.conf})
     * @param kubeconfigCertificates rows named {@code kubelet.conf}: one {@code PRESENT} row per
     *     member of its embedded {@code client-certificate-data}; a {@code MISSING} row when there
     *     is no {@code kubelet.conf}; an {@code UNREADABLE} row (also among the scan's {@code errors})
     *     when it cannot be read. None when it references a file: that file is {@code
     *     kubelet-client-current.pem}, already the {@code kubelet-client} row.
     * @param config node path of the KubeletConfiguration read: {@code config.yaml} beside {@code
     *     kubeletDir} ({@code /var/lib/kubelet/config.yaml})
     * @param rotateCertificates true when the KubeletConfiguration sets {@code rotateCertificates:
     *     true}; false when it sets anything else or nothing (the kubelet's default is false); null
     *     when the file is absent or unreadable (an unreadable one is among the scan's {@code errors})
     * @param rotateCertificatesValue the value as the file writes it ({@code "false"}); null when
     *     the file does not set it
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record KubeletScan(
            String kubeconfig,
            List<ScannedCertificate> kubeconfigCertificates,
            String config,
            Boolean rotateCertificates,
            String rotateCertificatesValue) {
        public KubeletScan {
            kubeconfigCertificates = kubeconfigCertificates == null ? List.of() : List.copyOf(kubeconfigCertificates);
        }
    }

    /** How a row of the scan looks on the node. */
    enum Presence {
        PRESENT,
        MISSING,
        UNREADABLE
    }

    /**
     * One row of a scan.
     *
     * @param name kubeadm name
     * @param path node path
     * @param presence whether a certificate was read there
     * @param index bundle member index for present rows (0 = first certificate of the file)
     * @param facts public facts of a present certificate
     * @param residualSeconds seconds to notAfter at scan time, negative once expired
     * @param certificateAuthority the kubeadm CA that signs it
     * @param externallyManaged the CA's key is not on disk
     * @param findings lint findings
     * @param reason why an unreadable row could not be read
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ScannedCertificate(
            String name,
            String path,
            Presence presence,
            Integer index,
            CertificateFacts facts,
            Long residualSeconds,
            String certificateAuthority,
            Boolean externallyManaged,
            List<Finding> findings,
            String reason) {
        public ScannedCertificate {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(presence, "presence");
        }
    }

    /**
     * {@code certfleet renew}'s JSON: {@code renewed}, {@code skipped}, {@code backup} as the CLI
     * contract fixes them, plus {@code failed}, {@code csrs} and {@code now}.
     *
     * @param backup node path of the backup taken before the first write; null when nothing was written
     */
    record RenewResult(
            List<RenewedCertificate> renewed,
            List<SkippedCertificate> skipped,
            List<FailedCertificate> failed,
            List<GeneratedCsr> csrs,
            String backup,
            Instant now)
            implements OperationResult {
        public RenewResult {
            renewed = renewed == null ? List.of() : List.copyOf(renewed);
            skipped = skipped == null ? List.of() : List.copyOf(skipped);
            failed = failed == null ? List.of() : List.copyOf(failed);
            csrs = csrs == null ? List.of() : List.copyOf(csrs);
        }

        @Override
        public Operation operation() {
            return Operation.RENEW;
        }

        @Override
        public boolean succeeded() {
            return failed.isEmpty();
        }
    }

    /** A renewed certificate: where, old and new expiry, the new certificate's SHA-256. */
    record RenewedCertificate(String name, String path, Instant oldNotAfter, Instant newNotAfter, String sha256) {}

    /** A certificate deliberately not renewed, with the reason. */
    record SkippedCertificate(String name, String reason) {}

    /** A certificate whose renewal failed, with the reason and whether a re-run may help. */
    record FailedCertificate(String name, String reason, boolean retryable) {}

    /**
     * {@code --csr-only}: where the request and the new key (a partial kubeconfig for {@code *.conf})
     * were staged, the request itself and the usages to ask the external signer for.
     *
     * @param path node path of the live certificate the CSR renews
     * @param csr node path of the request ({@code <name>.csr})
     * @param key node path of the new key; the key itself never leaves the node
     * @param request the PKCS#10 request, PEM (public)
     * @param usages Kubernetes {@code certificates.k8s.io/v1} usages of the live certificate
     *     ({@code "digital signature"}, {@code "key encipherment"}, {@code "server auth"}, {@code "client
     *     auth"}, ...)
     */
    record GeneratedCsr(String name, String path, String csr, String key, String request, List<String> usages) {
        public GeneratedCsr {
            usages = usages == null ? List.of() : List.copyOf(usages);
        }
    }

    /**
     * INSTALL: the installed certificates (a certificate that was already live counts as installed)
     * and the refused ones; {@link #succeeded()} when none was refused.
     *
     * @param backup node path of the backup taken before the first write; null when nothing was written
     */
    record InstallResult(List<RenewedCertificate> renewed, List<FailedCertificate> failed, String backup, Instant now)
            implements OperationResult {
        public InstallResult {
            renewed = renewed == null ? List.of() : List.copyOf(renewed);
            failed = failed == null ? List.of() : List.copyOf(failed);
        }

        @Override
        public Operation operation() {
            return Operation.INSTALL;
        }

        @Override
        public boolean succeeded() {
            return failed.isEmpty();
        }
    }

    /**
     * ISSUE_CLIENT_CERTIFICATE: the certificate issued for the request's key (public material only).
     *
     * @param name the kubeconfig whose identity it carries ({@code admin.conf})
     * @param certificate PEM
     * @param sha256 SHA-256 of its DER, lowercase hex
     * @param notAfter its expiry
     */
    record ClientCertificateIssued(String name, String certificate, String sha256, Instant notAfter)
            implements OperationResult {
        @Override
        public Operation operation() {
            return Operation.ISSUE_CLIENT_CERTIFICATE;
        }

        @Override
        public boolean succeeded() {
            return true;
        }
    }

    /**
     * DISCARD_STAGED: what was removed.
     *
     * @param csrDir the node directory
     * @param discarded kubeadm names whose staged key and CSR were removed
     */
    record StagedDiscarded(String csrDir, List<String> discarded) implements OperationResult {
        public StagedDiscarded {
            discarded = discarded == null ? List.of() : List.copyOf(discarded);
        }

        @Override
        public Operation operation() {
            return Operation.DISCARD_STAGED;
        }

        @Override
        public boolean succeeded() {
            return true;
        }
    }

    /** A backup that was taken: its node path, how many files and symlinks it holds, when. */
    record BackupResult(String backup, int files, Instant createdAt) implements OperationResult {
        @Override
        public Operation operation() {
            return Operation.BACKUP;
        }

        @Override
        public boolean succeeded() {
            return true;
        }
    }

    /** A restore: which backup, which node paths were put back. */
    record RestoreResult(String backup, List<String> restored) implements OperationResult {
        public RestoreResult {
            restored = restored == null ? List.of() : List.copyOf(restored);
        }

        @Override
        public Operation operation() {
            return Operation.RESTORE;
        }

        @Override
        public boolean succeeded() {
            return true;
        }
    }

    /** One restart per requested component; succeeded when each is {@link RestartStatus#RESTARTED}. */
    record RestartResult(List<ComponentRestart> components) implements OperationResult {
        public RestartResult {
            components = List.copyOf(components);
        }

        @Override
        public Operation operation() {
            return Operation.RESTART_CONTROL_PLANE;
        }

        @Override
        public boolean succeeded() {
            return components.stream().allMatch(c -> c.status() == RestartStatus.RESTARTED);
        }
    }

    /** What happened to one component. */
    enum RestartStatus {
        /** Stopped, and (when asked to wait) a new container is running. */
        RESTARTED,
        /** No running container of that name: nothing to restart (the kubelet may be down). */
        NOT_RUNNING,
        /** Stopped, but no new container appeared within the timeout. */
        NOT_REPLACED
    }

    /**
     * @param name container name ({@code kube-apiserver})
     * @param stopped the container ids that were stopped
     * @param replacements ids of the new containers seen afterwards (empty when not waited for)
     */
    record ComponentRestart(String name, RestartStatus status, List<String> stopped, List<String> replacements) {
        public ComponentRestart {
            stopped = stopped == null ? List.of() : List.copyOf(stopped);
            replacements = replacements == null ? List.of() : List.copyOf(replacements);
        }
    }

    /**
     * What an endpoint served.
     *
     * @param servedSha256 SHA-256 of the leaf certificate served
     * @param subject its subject
     * @param notAfter its expiry
     * @param chainTrusted whether the served chain verifies against the CA file (null when none given)
     * @param healthzStatus HTTP status of the health path (null when not asked)
     * @param healthzBody the start of its body
     * @param passed every expectation of the request held
     * @param problems each expectation that did not hold, in words
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record VerifyResult(
            String endpoint,
            String servedSha256,
            String subject,
            Instant notAfter,
            Boolean chainTrusted,
            Integer healthzStatus,
            String healthzBody,
            boolean passed,
            List<String> problems)
            implements OperationResult {
        public VerifyResult {
            problems = problems == null ? List.of() : List.copyOf(problems);
        }

        @Override
        public Operation operation() {
            return Operation.VERIFY;
        }

        @Override
        public boolean succeeded() {
            return passed;
        }
    }
}
