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
    @JsonSubTypes.Type(value = NodeRequest.Verify.class, name = "VERIFY")
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
}
