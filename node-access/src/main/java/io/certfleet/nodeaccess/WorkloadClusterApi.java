package io.certfleet.nodeaccess;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The Kubernetes API of a workload cluster, by cluster id: where {@link KubernetesJobNodeExecutor} creates
 * its Jobs. The provider owns the client (caches, refreshes and closes it); the executor never closes it.
 */
@FunctionalInterface
public interface WorkloadClusterApi {

    /**
     * @throws NodeAccessException when no client can be made for the cluster (no kubeconfig known: {@code
     *     POLICY}/{@code INVALID_INPUT}; the management cluster holding it does not answer: {@code UNREACHABLE})
     */
    KubernetesClient client(String clusterId);
}
