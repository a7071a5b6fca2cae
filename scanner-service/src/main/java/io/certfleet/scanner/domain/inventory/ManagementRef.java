package io.certfleet.scanner.domain.inventory;

import java.util.Objects;

/**
 * Where a cluster is managed: a configured management cluster, the namespace of its Cluster API objects and Secrets,
 * and the name they use for it.
 *
 * @param managementCluster the name of a configured management cluster ({@code certfleet.scanner.management-clusters})
 * @param namespace namespace of the {@code Cluster} and {@code <name>-*} Secrets
 * @param name the cluster's name there (the Secret prefix)
 */
public record ManagementRef(String managementCluster, String namespace, String name) {
    public ManagementRef {
        Objects.requireNonNull(managementCluster, "managementCluster");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
    }
}
