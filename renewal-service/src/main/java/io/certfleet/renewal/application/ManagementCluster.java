package io.certfleet.renewal.application;

import io.certfleet.renewal.application.ClusterProfile.ManagementRef;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
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

    /**
     * Who the kubeconfig of {@code <name>-kubeconfig} acts as: the subject of its current user's client certificate.
     *
     * @return empty when the cluster has no such Secret
     */
    Optional<ClientIdentity> clientIdentity(ManagementRef cluster);

    /**
     * A client certificate's subject.
     *
     * @param commonName CN, the user name
     * @param organizations O, the groups
     */
    record ClientIdentity(String commonName, List<String> organizations) {
        public ClientIdentity {
            Objects.requireNonNull(commonName, "commonName");
            organizations = List.copyOf(organizations);
        }
    }

    /**
     * The key of a client certificate the external CA has not signed yet, kept as the Secret {@code
     * <name>-kubeconfig-certfleet-pending} beside the kubeconfig Secret it is meant for: in the management cluster,
     * where the key ends up anyway, and never in certfleet's database, an event or a step result.
     *
     * @return empty when none is waiting
     */
    Optional<PendingClientKey> pendingClientKey(ManagementRef cluster);

    /**
     * Keeps {@code candidate} unless a pending key is already there (an interrupted attempt made one), and returns the
     * one kept: a signing request is only ever made for the key that is stored.
     */
    PendingClientKey keepPendingClientKey(ManagementRef cluster, PendingClientKey candidate);

    /** Removes the pending key, if any (its certificate is in the kubeconfig Secret, or will never come). */
    void deletePendingClientKey(ManagementRef cluster);

    /**
     * A client key waiting for its certificate.
     *
     * @param reference the signing request's name at the signer
     * @param privateKey the key, PEM
     * @param csr its PKCS#10 request, PEM
     * @param requestedAt when it was made (the signing timeout counts from here)
     */
    record PendingClientKey(String reference, String privateKey, String csr, Instant requestedAt) {
        public PendingClientKey {
            Objects.requireNonNull(reference, "reference");
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(csr, "csr");
            Objects.requireNonNull(requestedAt, "requestedAt");
        }

        @Override
        public String toString() {
            return "PendingClientKey[" + reference + ", key redacted, requested at " + requestedAt + "]";
        }
    }

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
