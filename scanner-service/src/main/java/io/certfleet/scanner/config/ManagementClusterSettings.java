package io.certfleet.scanner.config;

import io.certfleet.scanner.domain.inventory.NodeAccess;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;
import java.util.Optional;

/**
 * A management cluster, {@code certfleet.scanner.management-clusters.<name>}: where Cluster API clusters are
 * discovered and where their Secrets are read. Credentials come from a kubeconfig file (mounted from a Secret), never
 * from this configuration.
 *
 * @param name how clusters refer to it
 * @param kubeconfigFile a kubeconfig to reach it (its current context)
 * @param url the API URL when no kubeconfig is needed (in-cluster proxy, tests)
 * @param namespaces namespaces to discover clusters in; empty means all
 * @param discover whether clusters are discovered here (Secrets of registered clusters are read either way)
 * @param nodeAccess how the nodes of discovered clusters are reached
 * @param localNodeRoot for {@link NodeAccess#LOCAL}: the directory with {@code <cluster>/<node>/} trees
 * @param defaultPorts whether discovered nodes get the default endpoints (6443 and 2379 on control-plane nodes, 10250
 *     on every node) besides the cluster's API endpoint
 */
@EachProperty("certfleet.scanner.management-clusters")
public record ManagementClusterSettings(
        @Parameter String name,
        @Nullable String kubeconfigFile,
        @Nullable String url,
        @Nullable List<String> namespaces,
        @Bindable(defaultValue = "true") boolean discover,
        @Bindable(defaultValue = "KUBERNETES_JOB") NodeAccess nodeAccess,
        @Nullable String localNodeRoot,
        @Bindable(defaultValue = "true") boolean defaultPorts) {

    public ManagementClusterSettings {
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
        if ((kubeconfigFile == null || kubeconfigFile.isBlank()) && (url == null || url.isBlank())) {
            throw new IllegalArgumentException(
                    "certfleet.scanner.management-clusters." + name + " needs kubeconfig-file or url");
        }
    }

    public Optional<String> localRoot() {
        return Optional.ofNullable(localNodeRoot).filter(r -> !r.isBlank());
    }
}
