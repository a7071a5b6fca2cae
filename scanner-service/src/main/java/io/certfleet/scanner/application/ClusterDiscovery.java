package io.certfleet.scanner.application;

import io.certfleet.scanner.domain.inventory.Cluster;
import java.util.List;

/**
 * Finds the clusters a management cluster manages: Cluster API {@code Cluster} objects in the configured namespaces,
 * with their API endpoint and CA from the {@code <c>-kubeconfig} Secret, their Machines as nodes, and whether a
 * {@code <c>-ssh} Secret exists (as seed 000 does by hand).
 */
public interface ClusterDiscovery {

    /** The names of the configured management clusters. */
    List<String> managementClusters();

    /**
     * @throws DiscoveryException when the management cluster cannot be listed (nothing is changed then)
     */
    List<Cluster> discover(String managementCluster);

    /** The management cluster could not be listed; {@code retryable} says whether trying later may help. */
    final class DiscoveryException extends RuntimeException {
        private final boolean retryable;

        public DiscoveryException(String message, boolean retryable, Throwable cause) {
            super(message, cause);
            this.retryable = retryable;
        }

        public boolean retryable() {
            return retryable;
        }
    }
}
