package io.certfleet.nodeagent;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One operation for a node agent, as JSON: {@code {"operation":"RENEW","certificates":["all"], ...}}.
 * Omitted fields take the defaults written on each type (applied here, once). Paths are the node's
 * own ({@code /etc/kubernetes}); {@code now} (RFC 3339), where offered, replaces the agent's clock.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "operation")
@JsonSubTypes({
    @JsonSubTypes.Type(value = NodeRequest.Scan.class, name = "SCAN"),
    @JsonSubTypes.Type(value = NodeRequest.Renew.class, name = "RENEW"),
    @JsonSubTypes.Type(value = NodeRequest.Backup.class, name = "BACKUP"),
    @JsonSubTypes.Type(value = NodeRequest.Restore.class, name = "RESTORE"),
    @JsonSubTypes.Type(value = NodeRequest.RestartControlPlane.class, name = "RESTART_CONTROL_PLANE"),
    @JsonSubTypes.Type(value = NodeRequest.Verify.class, name = "VERIFY"),
    @JsonSubTypes.Type(value = NodeRequest.Install.class, name = "INSTALL"),
    @JsonSubTypes.Type(value = NodeRequest.IssueClientCertificate.class, name = "ISSUE_CLIENT_CERTIFICATE"),
    @JsonSubTypes.Type(value = NodeRequest.DiscardStaged.class, name = "DISCARD_STAGED")
})
public sealed interface NodeRequest {

    @JsonIgnore
    Operation operation();

    /** {@code kubeadm certs check-expiration} of the node, plus the kubelet's certificates. */
    record Scan(NodeDirectories directories, Instant now) implements NodeRequest {
        public Scan {
            directories = directories == null ? NodeDirectories.defaults() : directories;
        }

        public static Scan defaults() {
            return new Scan(null, null);
        }

        @Override
        public Operation operation() {
            return Operation.SCAN;
        }
    }

    /**
     * {@code certfleet renew}: back up, then renew with kubeadm semantics.
     *
     * @param certificates kubeadm names or {@code all} (the default)
     * @param validityDays validity of renewed certificates, default 365
     * @param backupDir default {@code <configDir>/tmp/certfleet-backup-<time>}
     * @param csrDir set for {@code --csr-only}: CSRs and new keys there, nothing live touched
     */
    record Renew(
            NodeDirectories directories,
            List<String> certificates,
            Integer validityDays,
            String backupDir,
            String csrDir,
            Instant now)
            implements NodeRequest {
        public Renew {
            directories = directories == null ? NodeDirectories.defaults() : directories;
            certificates = certificates == null || certificates.isEmpty() ? List.of("all") : List.copyOf(certificates);
            validityDays = validityDays == null ? 365 : validityDays;
        }

        public static Renew all() {
            return new Renew(null, null, null, null, null, null);
        }

        @Override
        public Operation operation() {
            return Operation.RENEW;
        }
    }

    /** A backup of the configuration directory (certificate directory included). */
    record Backup(NodeDirectories directories, String backupDir) implements NodeRequest {
        public Backup {
            directories = directories == null ? NodeDirectories.defaults() : directories;
        }

        @Override
        public Operation operation() {
            return Operation.BACKUP;
        }
    }

    /**
     * Puts a backup back.
     *
     * @param backup a path, or the name of a backup under {@code <configDir>/tmp/}
     */
    record Restore(NodeDirectories directories, String backup) implements NodeRequest {
        public Restore {
            directories = directories == null ? NodeDirectories.defaults() : directories;
            Objects.requireNonNull(backup, "backup");
        }

        @Override
        public Operation operation() {
            return Operation.RESTORE;
        }
    }

    /**
     * Restarts static control-plane pods through the container runtime (seed 001: {@code crictl stop};
     * the kubelet starts a new container).
     *
     * @param components default kube-apiserver, kube-controller-manager, kube-scheduler, etcd
     * @param awaitReplacement wait until the kubelet has started a new container (default true)
     * @param timeoutSeconds how long to wait for each replacement, default 120
     */
    record RestartControlPlane(List<String> components, Boolean awaitReplacement, Integer timeoutSeconds)
            implements NodeRequest {
        public static final List<String> STATIC_PODS =
                List.of("kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd");

        public RestartControlPlane {
            components = components == null || components.isEmpty() ? STATIC_PODS : List.copyOf(components);
            awaitReplacement = awaitReplacement == null ? Boolean.TRUE : awaitReplacement;
            timeoutSeconds = timeoutSeconds == null ? 120 : timeoutSeconds;
        }

        public static RestartControlPlane all() {
            return new RestartControlPlane(null, null, null);
        }

        @Override
        public Operation operation() {
            return Operation.RESTART_CONTROL_PLANE;
        }
    }

    /**
     * Checks what an endpoint actually serves after a renewal: a TLS handshake (which certificate),
     * optionally its chain against a CA file on the node, and an HTTP {@code /healthz}.
     *
     * @param endpoint {@code host:port} or {@code https://host:port}
     * @param serverName SNI to send; default none
     * @param caFile a CA bundle on the node to verify the served chain against; default none
     * @param expectSha256 the served certificate must be this one (the renewed one)
     * @param expectNotSha256 the served certificate must not be this one (the old one)
     * @param healthzPath e.g. {@code /healthz}; default none (no HTTP request)
     * @param timeoutSeconds connect and read timeout, default 10
     */
    record Verify(
            String endpoint,
            String serverName,
            String caFile,
            String expectSha256,
            String expectNotSha256,
            String healthzPath,
            Integer timeoutSeconds)
            implements NodeRequest {
        public Verify {
            Objects.requireNonNull(endpoint, "endpoint");
            timeoutSeconds = timeoutSeconds == null ? 10 : timeoutSeconds;
        }

        @Override
        public Operation operation() {
            return Operation.VERIFY;
        }
    }

    /**
     * The second half of external CA mode: installs the certificates an external CA signed for the
     * CSRs {@code RENEW} with {@code csrDir} staged, each with its staged key, after a backup (as RENEW
     * takes it). Each must belong to its staged key, be issued by the CA certificate on the node, be
     * valid now and keep the live certificate's CN, O and DNS/IP SANs; the staged key and CSR of an
     * installed certificate are deleted. A certificate already live is reported renewed, nothing
     * written.
     *
     * @param csrDir the node directory the CSRs and keys were staged in (required)
     * @param certificates the signed certificates by kubeadm name (required, not empty)
     * @param backupDir default {@code <configDir>/tmp/certfleet-backup-<time>}
     */
    record Install(
            NodeDirectories directories,
            String csrDir,
            List<SignedCertificate> certificates,
            String backupDir,
            Instant now)
            implements NodeRequest {
        public Install {
            directories = directories == null ? NodeDirectories.defaults() : directories;
            Objects.requireNonNull(csrDir, "csrDir");
            Objects.requireNonNull(certificates, "certificates");
            certificates = List.copyOf(certificates);
        }

        @Override
        public Operation operation() {
            return Operation.INSTALL;
        }
    }

    /**
     * A certificate an external CA signed.
     *
     * @param name kubeadm name ({@code apiserver}, {@code admin.conf}, ...)
     * @param certificate PEM, leaf first, optionally followed by its chain
     */
    record SignedCertificate(String name, String certificate) {
        public SignedCertificate {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(certificate, "certificate");
        }
    }

    /**
     * A client certificate for a key held elsewhere (a management cluster's {@code <cluster>-kubeconfig}
     * Secret), with the identity of the kubeconfig's client certificate, signed by the CA on the node.
     * Only the request's public key is used; its self-signature must verify. Nothing is written on
     * the node, and no private key leaves it.
     *
     * @param kubeconfig {@code admin.conf} or {@code super-admin.conf} (required)
     * @param request PKCS#10 certificate signing request, PEM (required)
     * @param validityDays default 365; never past the CA
     */
    record IssueClientCertificate(
            NodeDirectories directories, String kubeconfig, String request, Integer validityDays, Instant now)
            implements NodeRequest {
        public IssueClientCertificate {
            directories = directories == null ? NodeDirectories.defaults() : directories;
            Objects.requireNonNull(kubeconfig, "kubeconfig");
            Objects.requireNonNull(request, "request");
            validityDays = validityDays == null ? 365 : validityDays;
        }

        @Override
        public Operation operation() {
            return Operation.ISSUE_CLIENT_CERTIFICATE;
        }
    }

    /**
     * Removes what {@code RENEW} with {@code csrDir} staged and nothing installed (the external CA refused, the renewal
     * was given up): each staged key or partial kubeconfig and CSR, then the directory if it is empty. The live
     * directories are refused; a missing directory is nothing to do.
     *
     * @param csrDir the node directory the CSRs and keys were staged in (required)
     */
    record DiscardStaged(NodeDirectories directories, String csrDir) implements NodeRequest {
        public DiscardStaged {
            directories = directories == null ? NodeDirectories.defaults() : directories;
            Objects.requireNonNull(csrDir, "csrDir");
        }

        @Override
        public Operation operation() {
            return Operation.DISCARD_STAGED;
        }
    }
}
