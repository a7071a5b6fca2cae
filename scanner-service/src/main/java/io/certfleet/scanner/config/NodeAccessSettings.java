package io.certfleet.scanner.config;

import io.certfleet.nodeaccess.NodeAgentJobSettings;
import io.certfleet.nodeaccess.SshSettings;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How nodes of {@code KUBERNETES_JOB} and {@code SSH} clusters are reached, under {@code
 * certfleet.scanner.node-access}. Unset keys take node-access's defaults ({@link NodeAgentJobSettings}, {@link
 * SshSettings}), applied there once. No credential is configured here: workload clusters are reached with their
 * {@code <c>-kubeconfig} Secret (or a mounted kubeconfig file), nodes over SSH with their {@code <c>-ssh} Secret.
 *
 * @param kubeconfigDir for clusters without a management cluster: {@code <dir>/<cluster-id>.kubeconfig}
 * @param kubeconfigRefresh how long a workload cluster's client is used before its kubeconfig is read again
 * @param sshPinnedHostKeys {@code <cluster>/<node>=SHA256:...} entries
 */
@ConfigurationProperties("certfleet.scanner.node-access")
public record NodeAccessSettings(
        @Nullable String kubeconfigDir,
        @Bindable(defaultValue = "5m") Duration kubeconfigRefresh,
        @Nullable String jobNamespace,
        @Nullable String jobImage,
        @Nullable String jobImagePullPolicy,
        @Nullable List<String> jobImagePullSecrets,
        @Nullable List<String> jobCommand,
        @Nullable String jobServiceAccount,
        @Nullable String jobContainerRuntimeEndpoint,
        @Nullable Duration jobPollInterval,
        @Nullable Duration jobPodStartTimeout,
        @Nullable Duration jobTimeout,
        @Nullable Duration jobTtlAfterFinished,
        @Nullable String sshUser,
        @Nullable Integer sshPort,
        @Nullable String sshCommand,
        @Nullable Duration sshConnectTimeout,
        @Nullable Duration sshAuthTimeout,
        @Nullable Duration sshTimeout,
        @Nullable String sshKnownHostsFile,
        @Nullable List<String> sshPinnedHostKeys,
        @Bindable(defaultValue = "false") boolean sshAcceptUnknownHosts) {

    public NodeAccessSettings {
        if (kubeconfigRefresh == null || kubeconfigRefresh.isNegative() || kubeconfigRefresh.isZero()) {
            throw new IllegalArgumentException(
                    "certfleet.scanner.node-access.kubeconfig-refresh must be a positive duration");
        }
        // fail at start-up, not at the first SSH scan
        ssh();
        job();
    }

    /** Everything at its default. */
    public static NodeAccessSettings defaults() {
        return new NodeAccessSettings(
                null,
                Duration.ofMinutes(5),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                false);
    }

    public Optional<Path> kubeconfigDirectory() {
        return Optional.ofNullable(kubeconfigDir).filter(d -> !d.isBlank()).map(Path::of);
    }

    public NodeAgentJobSettings job() {
        return new NodeAgentJobSettings(
                jobNamespace,
                jobImage,
                jobImagePullPolicy,
                jobImagePullSecrets,
                jobCommand,
                jobServiceAccount,
                jobContainerRuntimeEndpoint,
                jobPollInterval,
                jobPodStartTimeout,
                jobTimeout,
                jobTtlAfterFinished);
    }

    public SshSettings ssh() {
        Map<String, String> pins =
                SshSettings.pins(sshPinnedHostKeys, "certfleet.scanner.node-access.ssh-pinned-host-keys");
        return new SshSettings(
                sshUser,
                sshPort,
                sshCommand,
                sshConnectTimeout,
                sshAuthTimeout,
                sshTimeout,
                Optional.ofNullable(sshKnownHostsFile)
                        .filter(f -> !f.isBlank())
                        .map(Path::of)
                        .orElse(null),
                pins,
                sshAcceptUnknownHosts,
                null);
    }
}
