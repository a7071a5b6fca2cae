package io.certfleet.renewal.domain.policy;

import java.util.Map;
import java.util.Objects;

/**
 * What the policy knows about a cluster.
 *
 * @param clusterId the cluster
 * @param known whether the cluster is in renewal-service's inventory (an unknown one can be decided on, not run)
 * @param flavour how it is built; {@link ClusterFlavour#KUBEADM} when unknown
 * @param labels its labels (the inventory's over the scanner's), which select policy rules
 */
public record ClusterFacts(String clusterId, boolean known, ClusterFlavour flavour, Map<String, String> labels) {
    public ClusterFacts {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(flavour, "flavour");
        labels = Map.copyOf(labels);
    }
}
