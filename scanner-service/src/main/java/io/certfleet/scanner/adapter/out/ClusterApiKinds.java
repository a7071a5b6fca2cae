package io.certfleet.scanner.adapter.out;

import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/** The Cluster API and TKG kinds read here, named explicitly so no API discovery round trip is needed. */
final class ClusterApiKinds {
    static final String CLUSTER_NAME_LABEL = "cluster.x-k8s.io/cluster-name";
    static final String CONTROL_PLANE_LABEL = "cluster.x-k8s.io/control-plane";
    static final String TKG_SERVICE_CONFIGURATIONS = "tkgserviceconfigurations.run.tanzu.vmware.com";

    static final ResourceDefinitionContext CLUSTER = namespaced("cluster.x-k8s.io", "v1beta1", "Cluster", "clusters");
    static final ResourceDefinitionContext MACHINE = namespaced("cluster.x-k8s.io", "v1beta1", "Machine", "machines");

    private ClusterApiKinds() {}

    static ResourceDefinitionContext tkgServiceConfiguration(String version) {
        return new ResourceDefinitionContext.Builder()
                .withGroup("run.tanzu.vmware.com")
                .withVersion(version)
                .withKind("TkgServiceConfiguration")
                .withPlural("tkgserviceconfigurations")
                .withNamespaced(false)
                .build();
    }

    private static ResourceDefinitionContext namespaced(String group, String version, String kind, String plural) {
        return new ResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion(version)
                .withKind(kind)
                .withPlural(plural)
                .withNamespaced(true)
                .build();
    }
}
