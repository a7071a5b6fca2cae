package io.certfleet.renewal.application;

import io.certfleet.renewal.application.ClusterProfile.ManagementRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What renewal-service does in a management cluster: the cluster's {@code <name>-kubeconfig} Secret (seed 001) and its
 * Cluster API control plane (seed 000). Methods throw {@link ClusterApiException}.
 */
public interface ManagementCluster {

    /**
     * Puts these client credentials into the kubeconfig of {@code <name>-kubeconfig} ({@code data.value}), in place
     * of those of its current context's user; server, CA and names stay as they are.
     *
     * @return what happened, or empty when the cluster has no such Secret
     */
    Optional<KubeconfigUpdate> replaceClientCredentials(
            ManagementRef cluster, AdminCredentials.Credentials credentials);

    /**
     * @param secret {@code <namespace>/<name>-kubeconfig}
     * @param clientCertificateSha256 SHA-256 of the client certificate it now holds
     * @param changed false when it already held these credentials
     */
    record KubeconfigUpdate(String secret, String clientCertificateSha256, boolean changed) {}

    /** The cluster's KubeadmControlPlane, if it has one. */
    Optional<ControlPlane> controlPlane(ManagementRef cluster);

    /**
     * Sets {@code spec.rolloutAfter}: the controller replaces every Machine created before it. With {@code
     * certificatesExpiryDays}, also {@code spec.rolloutBefore.certificatesExpiryDays} unless the control plane already
     * has a value there (an operator's choice is kept).
     */
    void rollOutAfter(
            ManagementRef cluster, String controlPlane, Instant rolloutAfter, OptionalInt certificatesExpiryDays);

    /** The cluster's control-plane Machines. */
    List<Machine> controlPlaneMachines(ManagementRef cluster);

    /**
     * A KubeadmControlPlane.
     *
     * @param name its name
     * @param replicas {@code spec.replicas}
     * @param rolloutAfter {@code spec.rolloutAfter}
     * @param certificatesExpiryDays {@code spec.rolloutBefore.certificatesExpiryDays}
     */
    record ControlPlane(
            String name, int replicas, Optional<Instant> rolloutAfter, OptionalInt certificatesExpiryDays) {}

    /**
     * A Machine.
     *
     * @param name its name
     * @param phase {@code status.phase}
     * @param nodeName {@code status.nodeRef.name}
     */
    record Machine(String name, String phase, Optional<String> nodeName) {}
}
