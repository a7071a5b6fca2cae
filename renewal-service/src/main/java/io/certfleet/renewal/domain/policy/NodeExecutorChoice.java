package io.certfleet.renewal.domain.policy;

import java.util.Objects;
import java.util.Optional;

/**
 * Which executor runs a node step of a cluster, with the reason: the cluster's {@link NodeAccessMode} on the normal
 * path; on the break-glass path (the API server's certificate has expired, so no Job can be scheduled through the API,
 * seed 001) SSH for a {@code KUBERNETES_JOB} cluster when its {@code <cluster>-ssh} Secret exists, else a refusal
 * (POLICY: a person must provide SSH access or renew by hand). Pure.
 */
public sealed interface NodeExecutorChoice {

    String reason();

    /** node-agent in-process on the node's directory. */
    record Local(String reason) implements NodeExecutorChoice {}

    /** A node-agent Job through the workload cluster's API. */
    record KubernetesJob(String reason) implements NodeExecutorChoice {}

    /** node-agent over SSH with the {@code <cluster>-ssh} Secret's key. */
    record Ssh(String reason) implements NodeExecutorChoice {}

    /** No executor may run the step; a retry does not help until a person changes the inventory or the Secrets. */
    record Refused(String reason) implements NodeExecutorChoice {}

    /**
     * What a break-glass choice for this cluster needs to know: whether the {@code <cluster>-ssh} Secret exists
     * (looked up only then).
     */
    static boolean needsSshSecret(NodeAccessMode mode, NodeAccessPath path) {
        return mode == NodeAccessMode.KUBERNETES_JOB && path == NodeAccessPath.BREAK_GLASS;
    }

    /**
     * @param clusterId for the reason
     * @param mode the inventory's node access of the cluster
     * @param path the renewal's access path
     * @param sshSecret where the {@code <cluster>-ssh} Secret is looked for ({@code <namespace>/<name>-ssh} of the
     *     management cluster), empty when the cluster has no management cluster
     * @param sshSecretExists whether it exists (only read when {@link #needsSshSecret} is true)
     */
    static NodeExecutorChoice choose(
            String clusterId,
            NodeAccessMode mode,
            NodeAccessPath path,
            Optional<String> sshSecret,
            boolean sshSecretExists) {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(path, "path");
        return switch (mode) {
            case LOCAL -> new Local("cluster " + clusterId + " is reached locally (nodeAccess LOCAL)");
            case SSH -> new Ssh("cluster " + clusterId + " is reached over SSH (nodeAccess SSH)");
            case NONE ->
                new Refused("cluster " + clusterId
                        + " has nodeAccess NONE in the inventory: certfleet does not reach its nodes");
            case KUBERNETES_JOB -> {
                if (path == NodeAccessPath.API) {
                    yield new KubernetesJob("cluster " + clusterId + " is reached by a Job through its API");
                }
                if (sshSecret.isEmpty()) {
                    yield new Refused("break-glass on cluster " + clusterId
                            + ": its API server certificate has expired, so no Job can be scheduled, and it has no"
                            + " management cluster holding a <cluster>-ssh Secret for SSH access; renew by hand"
                            + " (seed 001)");
                }
                yield sshSecretExists
                        ? new Ssh("break-glass on cluster " + clusterId
                                + ": its API server certificate has expired, so the node steps run over SSH with"
                                + " Secret " + sshSecret.get())
                        : new Refused("break-glass on cluster " + clusterId
                                + ": its API server certificate has expired, so no Job can be scheduled, and Secret "
                                + sshSecret.get() + " (kubernetes.io/ssh-auth, key ssh-privatekey) is missing; create"
                                + " it or renew by hand (seed 001)");
            }
        };
    }
}
