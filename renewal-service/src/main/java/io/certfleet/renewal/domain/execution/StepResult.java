package io.certfleet.renewal.domain.execution;

import io.certfleet.events.RenewalVerification;
import io.certfleet.events.RenewedCertificate;
import io.certfleet.events.SkippedCertificate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a finished step recorded: public facts only (paths, fingerprints, validity, names), never key material. A
 * restarted service reads them back to resume, and the node's {@code NodeCertificatesRenewed} is built from them.
 */
public sealed interface StepResult {

    /** The state of one certificate file on a node. */
    record CertificateState(String path, String sha256, Instant notAfter) {
        public CertificateState {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(sha256, "sha256");
            Objects.requireNonNull(notAfter, "notAfter");
        }
    }

    /**
     * BACKUP: the node's certificates before the renewal, by kubeadm name, and where the backup is.
     *
     * @param backup node path of the backup of {@code /etc/kubernetes}
     * @param before the certificates present before (leaves only)
     */
    record BackupTaken(String backup, Map<String, CertificateState> before) implements StepResult {
        public BackupTaken {
            Objects.requireNonNull(backup, "backup");
            before = Map.copyOf(before);
        }
    }

    /** RENEW and INSTALL: what was renewed and what deliberately not. */
    record CertificatesRenewed(List<RenewedCertificate> renewed, List<SkippedCertificate> skipped)
            implements StepResult {
        public CertificatesRenewed {
            renewed = List.copyOf(renewed);
            skipped = List.copyOf(skipped);
        }
    }

    /**
     * REQUEST_SIGNING: the CSRs made on the node (keys staged in {@code csrDir} there) and where each was submitted.
     *
     * @param csrDir node path of the staged keys and requests
     */
    record SigningRequested(String csrDir, List<SigningRequest> requests) implements StepResult {
        public SigningRequested {
            Objects.requireNonNull(csrDir, "csrDir");
            requests = List.copyOf(requests);
        }
    }

    /**
     * One certificate submitted for signing: a CSR (public key and names, no key) and what is asked of the signer.
     *
     * @param reference a stable name for it at the signer (the CSR object's name), unique per renewal, attempt, node
     *     and certificate
     * @param name kubeadm name of the certificate
     * @param authority kubeadm name of the CA that must sign it ({@code ca}, {@code etcd-ca}, {@code front-proxy-ca})
     * @param signerName the signer's name ({@code spec.signerName})
     * @param csr the PKCS#10 request, PEM
     * @param usages Kubernetes key usages of the certificate it renews ({@code digital signature}, {@code server auth})
     * @param expirationSeconds the validity asked for
     * @param labels where it comes from: renewal, cluster, node
     */
    record SigningRequest(
            String reference,
            String name,
            String authority,
            String signerName,
            String csr,
            List<String> usages,
            long expirationSeconds,
            Map<String, String> labels) {
        public SigningRequest {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(signerName, "signerName");
            Objects.requireNonNull(csr, "csr");
            usages = usages == null ? List.of() : List.copyOf(usages);
            labels = labels == null ? Map.of() : Map.copyOf(labels);
        }
    }

    /** AWAIT_SIGNING: the certificates the signer issued (public: PEM, fingerprint, expiry). */
    record CertificatesSigned(List<SignedCertificate> certificates) implements StepResult {
        public CertificatesSigned {
            certificates = List.copyOf(certificates);
        }
    }

    /**
     * @param certificate the issued certificate, PEM (leaf first, chain as the signer returned it)
     */
    record SignedCertificate(String name, String certificate, String sha256, Instant notAfter) {}

    /** RESTART_STATIC_PODS: the components restarted. */
    record StaticPodsRestarted(List<String> components) implements StepResult {
        public StaticPodsRestarted {
            components = List.copyOf(components);
        }
    }

    /**
     * One endpoint looked at after the restart.
     *
     * @param component APISERVER or ETCD
     * @param endpoint {@code https://host:port}
     * @param servedSha256 the certificate it serves
     * @param healthzStatus its health path's HTTP status
     */
    record EndpointCheck(String component, String endpoint, String servedSha256, Integer healthzStatus) {}

    /** VERIFY: the node's verification, as published. */
    record ServedCertificatesVerified(RenewalVerification verification, List<EndpointCheck> checks)
            implements StepResult {
        public ServedCertificatesVerified {
            Objects.requireNonNull(verification, "verification");
            checks = List.copyOf(checks);
        }
    }

    /** REFRESH_KUBECONFIG: the Secret now holds this client certificate. */
    record KubeconfigRefreshed(String secret, String clientCertificateSha256, boolean changed) implements StepResult {}

    /** RESTART_DEPENDANTS: workloads restarted, and the configured ones that do not exist in the cluster. */
    record DependantsRestarted(List<String> restarted, List<String> absent) implements StepResult {
        public DependantsRestarted {
            restarted = List.copyOf(restarted);
            absent = List.copyOf(absent);
        }
    }

    /** TRIGGER_ROLLOUT: the KubeadmControlPlane patched, and the control-plane Machines it had. */
    record RolloutTriggered(String controlPlane, Instant rolloutAfter, List<String> previousMachines)
            implements StepResult {
        public RolloutTriggered {
            previousMachines = List.copyOf(previousMachines);
        }
    }

    /** AWAIT_ROLLOUT: every previous Machine is gone; these replaced them. */
    record RolloutFinished(List<String> machines, List<String> nodes) implements StepResult {
        public RolloutFinished {
            machines = List.copyOf(machines);
            nodes = List.copyOf(nodes);
        }
    }

    /** VERIFY_ROLLOUT: the new control plane, checked. */
    record RolloutVerified(RenewalVerification verification, List<String> nodes) implements StepResult {
        public RolloutVerified {
            nodes = List.copyOf(nodes);
        }
    }
}
