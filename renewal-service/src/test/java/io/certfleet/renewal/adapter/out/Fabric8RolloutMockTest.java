package io.certfleet.renewal.adapter.out;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.events.CertificateRef;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.events.RenewalStrategy;
import io.certfleet.fleetsim.MockServers;
import io.certfleet.renewal.application.ClusterProfile;
import io.certfleet.renewal.application.RolloutSteps;
import io.certfleet.renewal.config.TestSettings;
import io.certfleet.renewal.domain.execution.Renewal;
import io.certfleet.renewal.domain.execution.RenewalPlan;
import io.certfleet.renewal.domain.execution.RenewalState;
import io.certfleet.renewal.domain.execution.RenewalStep;
import io.certfleet.renewal.domain.execution.StepOutcome;
import io.certfleet.renewal.domain.execution.StepResult;
import io.certfleet.renewal.domain.execution.StepState;
import io.certfleet.renewal.domain.policy.ClusterFlavour;
import io.certfleet.renewal.domain.policy.NodeAccessPath;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * CAPI_ROLLOUT (seed 000) against a management API (the Fabric8 mock server in CRUD mode): the KubeadmControlPlane's
 * {@code spec.rolloutAfter} is set, the renewal waits while Machines are replaced (the test plays the Cluster API
 * controller), then verifies the new control plane.
 */
class Fabric8RolloutMockTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private static final String NS = "tkg-cluster-ns";
    private static final String CLUSTER = "tkg-cluster";
    private static final CustomResourceDefinitionContext KCP =
            context("controlplane.cluster.x-k8s.io", "KubeadmControlPlane", "kubeadmcontrolplanes");
    private static final CustomResourceDefinitionContext MACHINES = context("cluster.x-k8s.io", "Machine", "machines");

    private KubernetesMockServer server;
    private KubernetesClient api;
    private RolloutSteps steps;
    private final ClusterProfile cluster = new ClusterProfile(
            CLUSTER,
            ClusterFlavour.CLUSTER_API,
            Map.of(),
            Optional.empty(),
            Optional.of(new ClusterProfile.ManagementRef("supervisor", NS, CLUSTER)),
            List.of());

    @BeforeEach
    void apiServer() {
        server = new KubernetesMockServer(
                new Context(),
                new MockWebServer(),
                new HashMap<>(),
                new KubernetesCrudDispatcher(List.of(KCP, MACHINES)),
                false);
        server.init();
        api = server.createClient();
        create(
                KCP,
                resource("controlplane.cluster.x-k8s.io/v1beta1", "KubeadmControlPlane", CLUSTER + "-control-plane")
                        .withAdditionalProperties(Map.of("spec", Map.of("replicas", 3, "version", "v1.30.6")))
                        .build());
        for (String machine : List.of("k8bqh", "l7hwd", "mm6xj")) {
            machine(CLUSTER + "-control-plane-" + machine, "Running");
        }
        machine(CLUSTER + "-workers-wvnlz", "Running", false);
        steps = new RolloutSteps(
                Fabric8Clusters.with(name -> api, kubeconfig -> api),
                TestSettings.renewal(),
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @AfterEach
    void stop() {
        api.close();
        MockServers.destroy(server);
    }

    @Test
    void configuredRolloutBeforeIsSetSoTheControllerKeepsRenewingButAnOperatorsValueIsKept() {
        RolloutSteps keepRenewing = new RolloutSteps(
                Fabric8Clusters.with(name -> api, kubeconfig -> api),
                TestSettings.renewal(30),
                Clock.fixed(NOW, ZoneOffset.UTC));
        Renewal renewal = renewal();
        List<RenewalStep> plan = RenewalPlan.steps(renewal.id(), RenewalStrategy.CAPI_ROLLOUT, List.of());

        assertThat(keepRenewing.run(renewal, cluster, plan, running(plan.get(0))))
                .isInstanceOf(StepOutcome.Done.class);
        assertThat(spec().get("rolloutBefore")).isEqualTo(Map.of("certificatesExpiryDays", 30));
        assertThat(spec().get("rolloutAfter")).isEqualTo("2026-11-23T10:00:00Z");

        // an operator's own value is not overridden
        api.genericKubernetesResources(KCP)
                .inNamespace(NS)
                .withName(CLUSTER + "-control-plane")
                .edit(kcp -> {
                    Map<String, Object> spec = new java.util.LinkedHashMap<>(spec(kcp));
                    spec.put("rolloutBefore", Map.of("certificatesExpiryDays", 60));
                    spec.remove("rolloutAfter");
                    kcp.setAdditionalProperty("spec", spec);
                    return kcp;
                });
        assertThat(keepRenewing.run(renewal, cluster, plan, running(plan.get(0))))
                .isInstanceOf(StepOutcome.Done.class);
        assertThat(spec().get("rolloutBefore")).isEqualTo(Map.of("certificatesExpiryDays", 60));
    }

    private Map<String, Object> spec() {
        return spec(api.genericKubernetesResources(KCP)
                .inNamespace(NS)
                .withName(CLUSTER + "-control-plane")
                .get());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource kcp) {
        return (Map<String, Object>) kcp.getAdditionalProperties().get("spec");
    }

    @Test
    void rolloutAfterIsSetThenTheRenewalWaitsUntilEveryControlPlaneMachineWasReplaced() {
        Renewal renewal = renewal();
        List<RenewalStep> plan =
                new ArrayList<>(RenewalPlan.steps(renewal.id(), RenewalStrategy.CAPI_ROLLOUT, List.of()));

        StepOutcome triggered = steps.run(renewal, cluster, plan, running(plan.get(0)));

        assertThat(triggered)
                .isInstanceOfSatisfying(
                        StepOutcome.Done.class,
                        done -> assertThat(done.result())
                                .isEqualTo(new StepResult.RolloutTriggered(
                                        CLUSTER + "-control-plane",
                                        NOW,
                                        List.of(
                                                CLUSTER + "-control-plane-k8bqh",
                                                CLUSTER + "-control-plane-l7hwd",
                                                CLUSTER + "-control-plane-mm6xj"))));
        GenericKubernetesResource kcp = api.genericKubernetesResources(KCP)
                .inNamespace(NS)
                .withName(CLUSTER + "-control-plane")
                .get();
        assertThat(((Map<?, ?>) kcp.getAdditionalProperties().get("spec")).get("rolloutAfter"))
                .isEqualTo("2026-11-23T10:00:00Z");
        assertThat(spec(kcp)).as("rolloutBefore only when configured").doesNotContainKey("rolloutBefore");
        plan.set(0, done(plan.get(0), ((StepOutcome.Done) triggered).result()));

        // the controller has created one new Machine, still provisioning
        machine(CLUSTER + "-control-plane-nqdv6", "Provisioning");
        assertThat(steps.run(renewal, cluster, plan, running(plan.get(1))))
                .isInstanceOfSatisfying(StepOutcome.Waiting.class, waiting -> {
                    assertThat(waiting.until()).isEqualTo(NOW.plusSeconds(10));
                    assertThat(waiting.note()).startsWith("0 of 3 control-plane Machines replaced");
                });

        // ... and replaced every old one (seed 000's "rollout finished")
        machine(CLUSTER + "-control-plane-nqdv6", "Running");
        for (String old : List.of("k8bqh", "l7hwd", "mm6xj")) {
            api.genericKubernetesResources(MACHINES)
                    .inNamespace(NS)
                    .withName(CLUSTER + "-control-plane-" + old)
                    .delete();
        }
        machine(CLUSTER + "-control-plane-m9745", "Running");
        machine(CLUSTER + "-control-plane-wdmph", "Running");
        StepOutcome finished = steps.run(renewal, cluster, plan, running(plan.get(1)));
        assertThat(finished)
                .isInstanceOfSatisfying(
                        StepOutcome.Done.class,
                        done -> assertThat(((StepResult.RolloutFinished) done.result()).machines())
                                .containsExactlyInAnyOrder(
                                        CLUSTER + "-control-plane-nqdv6",
                                        CLUSTER + "-control-plane-m9745",
                                        CLUSTER + "-control-plane-wdmph"));
        plan.set(1, done(plan.get(1), ((StepOutcome.Done) finished).result()));

        assertThat(steps.run(renewal, cluster, plan, running(plan.get(2))))
                .isInstanceOfSatisfying(StepOutcome.Done.class, done -> {
                    StepResult.RolloutVerified verified = (StepResult.RolloutVerified) done.result();
                    assertThat(verified.nodes()).hasSize(3);
                    assertThat(verified.verification().detail()).contains("3 new control-plane Machines are running");
                });
    }

    @Test
    void aSecondTriggerOfTheSameRenewalDoesNotRestartTheRollout() {
        Renewal renewal = renewal();
        List<RenewalStep> plan = RenewalPlan.steps(renewal.id(), RenewalStrategy.CAPI_ROLLOUT, List.of());
        steps.run(renewal, cluster, plan, running(plan.get(0)));

        RolloutSteps later = new RolloutSteps(
                Fabric8Clusters.with(name -> api, kubeconfig -> api),
                TestSettings.renewal(),
                Clock.fixed(NOW.plusSeconds(60), ZoneOffset.UTC));
        StepOutcome again = later.run(renewal, cluster, plan, running(plan.get(0)));

        assertThat(again)
                .isInstanceOfSatisfying(
                        StepOutcome.Done.class,
                        done -> assertThat(((StepResult.RolloutTriggered) done.result()).rolloutAfter())
                                .isEqualTo(NOW));
    }

    @Test
    void clusterWithoutAControlPlaneObjectFailsWithTheReason() {
        ClusterProfile unknown = new ClusterProfile(
                "other",
                ClusterFlavour.CLUSTER_API,
                Map.of(),
                Optional.empty(),
                Optional.of(new ClusterProfile.ManagementRef("supervisor", NS, "other")),
                List.of());
        Renewal renewal = renewal();
        List<RenewalStep> plan = RenewalPlan.steps(renewal.id(), RenewalStrategy.CAPI_ROLLOUT, List.of());

        assertThat(steps.run(renewal, unknown, plan, running(plan.get(0))))
                .isInstanceOfSatisfying(StepOutcome.Failed.class, failed -> {
                    assertThat(failed.retryable()).isFalse();
                    assertThat(failed.message()).contains("no KubeadmControlPlane of cluster other");
                });
    }

    private static Renewal renewal() {
        return Renewal.requested(
                        UUID.randomUUID(),
                        CLUSTER,
                        new CertificateRef(
                                null,
                                "secret:" + NS + "/" + CLUSTER + "-kubeconfig",
                                null,
                                "51cc8efe6bac2673c04973ca0b0b60b5c13030c3de806c9ea5e7ca4448760f1e"),
                        ExpirySeverity.CRITICAL,
                        NOW.plus(Duration.ofDays(5)),
                        RenewalStrategy.CAPI_ROLLOUT,
                        NodeAccessPath.API,
                        "test",
                        false,
                        "policy",
                        "event-1",
                        NOW.minusSeconds(5),
                        Map.of())
                .toBuilder()
                .state(RenewalState.RUNNING)
                .startedAt(Optional.of(NOW.minusSeconds(1)))
                .build();
    }

    private static RenewalStep running(RenewalStep step) {
        return new RenewalStep(
                step.renewalId(),
                step.seq(),
                step.node(),
                step.kind(),
                StepState.RUNNING,
                step.attempts() + 1,
                Optional.of(NOW),
                Optional.empty(),
                step.result(),
                step.note());
    }

    private static RenewalStep done(RenewalStep step, StepResult result) {
        return new RenewalStep(
                step.renewalId(),
                step.seq(),
                step.node(),
                step.kind(),
                StepState.DONE,
                1,
                Optional.of(NOW),
                Optional.of(NOW),
                Optional.of(result),
                Optional.empty());
    }

    private void machine(String name, String phase) {
        machine(name, phase, true);
    }

    private void machine(String name, String phase, boolean controlPlane) {
        GenericKubernetesResourceBuilder machine = resource("cluster.x-k8s.io/v1beta1", "Machine", name);
        if (controlPlane) {
            machine.editMetadata()
                    .addToLabels("cluster.x-k8s.io/control-plane", "")
                    .endMetadata();
        }
        GenericKubernetesResource resource = machine.withAdditionalProperties(Map.of(
                        "spec", Map.of("clusterName", CLUSTER),
                        "status", Map.of("phase", phase, "nodeRef", Map.of("kind", "Node", "name", name))))
                .build();
        api.genericKubernetesResources(MACHINES)
                .inNamespace(NS)
                .resource(resource)
                .createOr(r -> r.update());
    }

    private void create(CustomResourceDefinitionContext context, GenericKubernetesResource resource) {
        api.genericKubernetesResources(context)
                .inNamespace(NS)
                .resource(resource)
                .create();
    }

    private static GenericKubernetesResourceBuilder resource(String apiVersion, String kind, String name) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion(apiVersion)
                .withKind(kind)
                .withNewMetadata()
                .withName(name)
                .withNamespace(NS)
                .addToLabels("cluster.x-k8s.io/cluster-name", CLUSTER)
                .endMetadata();
    }

    private static CustomResourceDefinitionContext context(String group, String kind, String plural) {
        return new CustomResourceDefinitionContext.Builder()
                .withGroup(group)
                .withVersion("v1beta1")
                .withKind(kind)
                .withPlural(plural)
                .withScope("Namespaced")
                .build();
    }
}
