package io.certfleet.renewal.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

/**
 * A management cluster, {@code certfleet.renewal.management-clusters.<name>}: where clusters' {@code
 * <name>-kubeconfig} Secrets and Cluster API objects are. Credentials come from a kubeconfig file (mounted from a
 * Secret), never from this configuration.
 *
 * @param name how the inventory's {@code management.cluster} refers to it
 * @param kubeconfigFile a kubeconfig to reach it (its current context)
 * @param url the API URL when no kubeconfig is needed (in-cluster proxy, the simulator, tests)
 */
@EachProperty("certfleet.renewal.management-clusters")
public record ManagementClusterSettings(
        @Parameter String name,
        @Nullable String kubeconfigFile,
        @Nullable String url) {

    public ManagementClusterSettings {
        if ((kubeconfigFile == null || kubeconfigFile.isBlank()) && (url == null || url.isBlank())) {
            throw new IllegalArgumentException(
                    "certfleet.renewal.management-clusters." + name + " needs kubeconfig-file or url");
        }
    }
}
