package io.certfleet.renewal.adapter.out;

import io.certfleet.renewal.application.AdminCredentials;
import io.certfleet.renewal.application.ClusterApiException;
import io.certfleet.renewal.application.ClusterProfile;
import io.certfleet.renewal.application.ClusterProfile.ManagementRef;
import io.certfleet.renewal.application.ManagementCluster;
import io.certfleet.renewal.application.WorkloadCluster;
import io.certfleet.renewal.domain.execution.FailureReason;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.SecretList;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link ManagementCluster} and {@link WorkloadCluster} with Fabric8: Secrets and Cluster API objects in the
 * management cluster; DaemonSets in the workload cluster, reached with the kubeconfig of its {@code <c>-kubeconfig}
 * Secret. API errors become {@link ClusterApiException}s saying whether a retry helps; their messages name objects,
 * never Secret content.
 */
@Singleton
final class Fabric8Clusters implements ManagementCluster, WorkloadCluster {
    private static final String PENDING_CLUSTER_LABEL = "certfleet.io/cluster";
    private static final String PENDING_REFERENCE = "certfleet.io/signing-request";
    private static final String PENDING_REQUESTED_AT = "certfleet.io/requested-at";
    private static final String PENDING_KEY = "key.pem";
    private static final String PENDING_CSR = "csr.pem";
    static final String CAPI_LABEL = "cluster.x-k8s.io/cluster-name";
    static final String CONTROL_PLANE_LABEL = "cluster.x-k8s.io/control-plane";
    static final String RESTARTED_AT = "kubectl.kubernetes.io/restartedAt";
    static final String RESTARTED_FOR = "certfleet.io/restarted-for";

    private static final ResourceDefinitionContext KCP = new ResourceDefinitionContext.Builder()
            .withGroup("controlplane.cluster.x-k8s.io")
            .withVersion("v1beta1")
            .withKind("KubeadmControlPlane")
            .withPlural("kubeadmcontrolplanes")
            .withNamespaced(true)
            .build();
    private static final ResourceDefinitionContext MACHINE = new ResourceDefinitionContext.Builder()
            .withGroup("cluster.x-k8s.io")
            .withVersion("v1beta1")
            .withKind("Machine")
            .withPlural("machines")
            .withNamespaced(true)
            .build();

    private final Function<String, KubernetesClient> management;
    private final Function<String, KubernetesClient> workload;

    public Fabric8Clusters(ManagementClients clients) {
        this(clients::client, clients::workloadClient);
    }

    private Fabric8Clusters(
            Function<String, KubernetesClient> management, Function<String, KubernetesClient> workload) {
        this.management = management;
        this.workload = workload;
    }

    /**
     * @param management the client of a configured management cluster, by name (kept open)
     * @param workload a new client from kubeconfig text (closed after use)
     */
    static Fabric8Clusters with(
            Function<String, KubernetesClient> management, Function<String, KubernetesClient> workload) {
        return new Fabric8Clusters(management, workload);
    }

    @Override
    public Optional<KubeconfigUpdate> replaceClientCredentials(
            ManagementRef cluster, AdminCredentials.Credentials credentials) {
        String secretName = cluster.name() + "-kubeconfig";
        String what = "Secret " + cluster.namespace() + "/" + secretName;
        return call(what, () -> {
            Resource<Secret> resource = management
                    .apply(cluster.cluster())
                    .secrets()
                    .inNamespace(cluster.namespace())
                    .withName(secretName);
            Secret secret = resource.get();
            if (secret == null) {
                return Optional.empty();
            }
            String kubeconfig = value(secret)
                    .orElseThrow(
                            () -> new ClusterApiException(FailureReason.INVALID_INPUT, what + " has no data.value"));
            KubeconfigCredentials.Replaced replaced = KubeconfigCredentials.replace(kubeconfig, credentials);
            if (replaced.changed()) {
                Map<String, String> data = new LinkedHashMap<>(secret.getData());
                data.put(
                        "value",
                        Base64.getEncoder().encodeToString(replaced.kubeconfig().getBytes(StandardCharsets.UTF_8)));
                management
                        .apply(cluster.cluster())
                        .secrets()
                        .inNamespace(cluster.namespace())
                        .resource(new SecretBuilder(secret).withData(data).build())
                        .update();
            }
            return Optional.of(new KubeconfigUpdate(
                    cluster.namespace() + "/" + secretName, replaced.clientCertificateSha256(), replaced.changed()));
        });
    }

    @Override
    public Optional<ClientIdentity> clientIdentity(ManagementRef cluster) {
        String what = "Secret " + cluster.namespace() + "/" + cluster.name() + "-kubeconfig";
        return call(what, () -> {
            Secret secret =
                    secrets(cluster).withName(cluster.name() + "-kubeconfig").get();
            if (secret == null) {
                return Optional.empty();
            }
            String kubeconfig = value(secret)
                    .orElseThrow(
                            () -> new ClusterApiException(FailureReason.INVALID_INPUT, what + " has no data.value"));
            return Optional.of(KubeconfigCredentials.identity(kubeconfig));
        });
    }

    @Override
    public Optional<PendingClientKey> pendingClientKey(ManagementRef cluster) {
        String name = pendingName(cluster);
        return call(
                "Secret " + cluster.namespace() + "/" + name,
                () -> Optional.ofNullable(secrets(cluster).withName(name).get()).map(Fabric8Clusters::pending));
    }

    @Override
    public PendingClientKey keepPendingClientKey(ManagementRef cluster, PendingClientKey candidate) {
        String name = pendingName(cluster);
        Secret secret = new SecretBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(cluster.namespace())
                .addToLabels("app.kubernetes.io/managed-by", "certfleet")
                .addToLabels(PENDING_CLUSTER_LABEL, cluster.name())
                .addToAnnotations(PENDING_REFERENCE, candidate.reference())
                .addToAnnotations(PENDING_REQUESTED_AT, candidate.requestedAt().toString())
                .endMetadata()
                .withType("Opaque")
                .addToData(PENDING_KEY, base64(candidate.privateKey()))
                .addToData(PENDING_CSR, base64(candidate.csr()))
                .build();
        return call("Secret " + cluster.namespace() + "/" + name, () -> {
            try {
                secrets(cluster).resource(secret).create();
                return candidate;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409) {
                    throw e;
                }
                // an interrupted attempt stored one: its request may be at the signer already, so it is the one
                Secret existing = secrets(cluster).withName(name).get();
                if (existing == null) {
                    throw e;
                }
                return pending(existing);
            }
        });
    }

    @Override
    public void deletePendingClientKey(ManagementRef cluster) {
        String name = pendingName(cluster);
        call(
                "Secret " + cluster.namespace() + "/" + name,
                () -> secrets(cluster).withName(name).delete());
    }

    private NonNamespaceOperation<Secret, SecretList, Resource<Secret>> secrets(ManagementRef cluster) {
        return management.apply(cluster.cluster()).secrets().inNamespace(cluster.namespace());
    }

    private static String pendingName(ManagementRef cluster) {
        return cluster.name() + "-kubeconfig-certfleet-pending";
    }

    private static PendingClientKey pending(Secret secret) {
        Map<String, String> annotations =
                Optional.ofNullable(secret.getMetadata().getAnnotations()).orElse(Map.of());
        Map<String, String> data = Optional.ofNullable(secret.getData()).orElse(Map.of());
        String what = "Secret " + secret.getMetadata().getNamespace() + "/"
                + secret.getMetadata().getName();
        if (!annotations.containsKey(PENDING_REFERENCE)
                || !annotations.containsKey(PENDING_REQUESTED_AT)
                || !data.containsKey(PENDING_KEY)
                || !data.containsKey(PENDING_CSR)) {
            throw new ClusterApiException(
                    FailureReason.INVALID_INPUT,
                    what + " lacks " + PENDING_REFERENCE + ", " + PENDING_REQUESTED_AT + ", " + PENDING_KEY + " or "
                            + PENDING_CSR + "; delete it and retry the renewal");
        }
        return new PendingClientKey(
                annotations.get(PENDING_REFERENCE),
                new String(Base64.getDecoder().decode(data.get(PENDING_KEY)), StandardCharsets.US_ASCII),
                new String(Base64.getDecoder().decode(data.get(PENDING_CSR)), StandardCharsets.US_ASCII),
                Instant.parse(annotations.get(PENDING_REQUESTED_AT)));
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public Optional<ControlPlane> controlPlane(ManagementRef cluster) {
        return call(
                "KubeadmControlPlane of " + cluster.name(),
                () -> controlPlaneResource(cluster)
                        .map(kcp -> new ControlPlane(
                                kcp.getMetadata().getName(),
                                number(spec(kcp).get("replicas")).orElse(1),
                                Optional.ofNullable(spec(kcp).get("rolloutAfter"))
                                        .map(Object::toString)
                                        .map(Instant::parse),
                                number(map(spec(kcp).get("rolloutBefore")).get("certificatesExpiryDays"))
                                        .map(OptionalInt::of)
                                        .orElse(OptionalInt.empty()))));
    }

    @Override
    public void rollOutAfter(
            ManagementRef cluster, String controlPlane, Instant rolloutAfter, OptionalInt certificatesExpiryDays) {
        call(
                "KubeadmControlPlane " + cluster.namespace() + "/" + controlPlane,
                () -> management
                        .apply(cluster.cluster())
                        .genericKubernetesResources(KCP)
                        .inNamespace(cluster.namespace())
                        .withName(controlPlane)
                        .edit(kcp -> {
                            Map<String, Object> spec = new LinkedHashMap<>(spec(kcp));
                            spec.put("rolloutAfter", rolloutAfter.toString());
                            Map<String, Object> before = new LinkedHashMap<>(map(spec.get("rolloutBefore")));
                            if (certificatesExpiryDays.isPresent() && !before.containsKey("certificatesExpiryDays")) {
                                before.put("certificatesExpiryDays", certificatesExpiryDays.getAsInt());
                                spec.put("rolloutBefore", before);
                            }
                            kcp.setAdditionalProperty("spec", spec);
                            return kcp;
                        }));
    }

    @Override
    public List<Machine> controlPlaneMachines(ManagementRef cluster) {
        return call(
                "Machines of " + cluster.name(),
                () -> machines(cluster)
                        .inNamespace(cluster.namespace())
                        .withLabel(CAPI_LABEL, cluster.name())
                        .list()
                        .getItems()
                        .stream()
                        // filtered here: an exists-selector is not understood by every API in between (the mock)
                        .filter(m -> m.getMetadata().getLabels() != null
                                && m.getMetadata().getLabels().containsKey(CONTROL_PLANE_LABEL))
                        .map(m -> {
                            Map<String, Object> status =
                                    map(m.getAdditionalProperties().get("status"));
                            return new Machine(
                                    m.getMetadata().getName(),
                                    String.valueOf(status.getOrDefault("phase", "")),
                                    Optional.ofNullable(
                                                    map(status.get("nodeRef")).get("name"))
                                            .map(Object::toString));
                        })
                        .toList());
    }

    @Override
    public Restart restartDaemonSet(ClusterProfile cluster, String namespace, String name, String marker, Instant at) {
        String what = "DaemonSet " + namespace + "/" + name + " of " + cluster.id();
        try (KubernetesClient client = workloadClient(cluster)) {
            return call(what, () -> {
                Resource<DaemonSet> resource =
                        client.apps().daemonSets().inNamespace(namespace).withName(name);
                DaemonSet daemonSet = resource.get();
                if (daemonSet == null) {
                    return Restart.ABSENT;
                }
                Map<String, String> annotations = daemonSet
                                        .getSpec()
                                        .getTemplate()
                                        .getMetadata()
                                == null
                        ? null
                        : daemonSet.getSpec().getTemplate().getMetadata().getAnnotations();
                if (annotations != null && marker.equals(annotations.get(RESTARTED_FOR))) {
                    return Restart.ALREADY_RESTARTED;
                }
                // what kubectl rollout restart does: a changed pod template makes the controller replace the pods
                resource.edit(ds -> {
                    if (ds.getSpec().getTemplate().getMetadata() == null) {
                        ds.getSpec().getTemplate().setMetadata(new ObjectMeta());
                    }
                    Map<String, String> updated = new LinkedHashMap<>(Optional.ofNullable(
                                    ds.getSpec().getTemplate().getMetadata().getAnnotations())
                            .orElse(Map.of()));
                    updated.put(RESTARTED_AT, at.toString());
                    updated.put(RESTARTED_FOR, marker);
                    ds.getSpec().getTemplate().getMetadata().setAnnotations(updated);
                    return ds;
                });
                return Restart.RESTARTED;
            });
        }
    }

    /** A new client of the cluster's own API, with the kubeconfig of its {@code <c>-kubeconfig} Secret; close it. */
    KubernetesClient workloadClient(ClusterProfile cluster) {
        ManagementRef ref = cluster.management()
                .orElseThrow(() -> new ClusterApiException(
                        FailureReason.INVALID_INPUT, "cluster " + cluster.id() + " has no management cluster"));
        String secretName = ref.name() + "-kubeconfig";
        String kubeconfig = call(
                        "Secret " + ref.namespace() + "/" + secretName,
                        () -> Optional.ofNullable(management
                                        .apply(ref.cluster())
                                        .secrets()
                                        .inNamespace(ref.namespace())
                                        .withName(secretName)
                                        .get())
                                .flatMap(Fabric8Clusters::value))
                .orElseThrow(() -> new ClusterApiException(
                        FailureReason.INVALID_INPUT,
                        "no Secret " + ref.namespace() + "/" + secretName + " to reach cluster " + cluster.id()));
        try {
            return workload.apply(kubeconfig);
        } catch (RuntimeException e) {
            // the kubeconfig's content is not quoted: it holds a key
            throw new ClusterApiException(
                    FailureReason.INVALID_INPUT,
                    "the kubeconfig of " + ref.namespace() + "/" + secretName + " is not usable ("
                            + e.getClass().getSimpleName() + ")");
        }
    }

    private Optional<GenericKubernetesResource> controlPlaneResource(ManagementRef cluster) {
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
                kcps = management.apply(cluster.cluster()).genericKubernetesResources(KCP);
        GenericKubernetesResource named = kcps.inNamespace(cluster.namespace())
                .withName(cluster.name() + "-control-plane")
                .get();
        if (named != null) {
            return Optional.of(named);
        }
        return kcps.inNamespace(cluster.namespace()).withLabel(CAPI_LABEL, cluster.name()).list().getItems().stream()
                .findFirst();
    }

    private MixedOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            machines(ManagementRef cluster) {
        return management.apply(cluster.cluster()).genericKubernetesResources(MACHINE);
    }

    private static Optional<String> value(Secret secret) {
        return Optional.ofNullable(secret.getData())
                .map(d -> d.get("value"))
                .map(v -> new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return map(resource.getAdditionalProperties().get("spec"));
    }

    private static Optional<Integer> number(Object value) {
        return value instanceof Number n ? Optional.of(n.intValue()) : Optional.empty();
    }

    static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (KubernetesClientException e) {
            throw new ClusterApiException(reason(e), what + ": " + describe(e), e);
        }
    }

    private static FailureReason reason(KubernetesClientException e) {
        int code = e.getCode();
        if (code == 0) {
            return FailureReason.UNREACHABLE;
        }
        if (code == 429 || code >= 500 || code == 409) {
            return FailureReason.TRANSIENT;
        }
        if (code == 401 || code == 403) {
            return FailureReason.POLICY;
        }
        return FailureReason.INVALID_INPUT;
    }

    private static String describe(KubernetesClientException e) {
        return e.getCode() == 0
                ? "API unreachable ("
                        + (e.getCause() == null
                                ? "no answer"
                                : e.getCause().getClass().getSimpleName()) + ")"
                : "API answered " + e.getCode()
                        + (e.getStatus() == null || e.getStatus().getReason() == null
                                ? ""
                                : " " + e.getStatus().getReason());
    }
}
