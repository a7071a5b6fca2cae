package io.certfleet.nodeaccess;

import io.certfleet.nodeagent.FailureReason;
import io.certfleet.nodeagent.NodeError;
import io.certfleet.nodeagent.NodeExecutor;
import io.certfleet.nodeagent.NodeRequest;
import io.certfleet.nodeagent.NodeResponse;
import io.certfleet.nodeagent.NodeTarget;
import io.certfleet.nodeagent.Operation;
import io.certfleet.nodeagent.runtime.Pause;
import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link NodeExecutor} that runs the node agent as a Kubernetes Job pinned to the node (DESIGN §4, the default
 * way to reach a node): creates the Job ({@link NodeAgentJobTemplate}), polls it and its pod until the pod
 * finished, reads the agent's JSON answer from the pod log, and deletes the Job (background propagation, so
 * its pod goes too) whatever happened.
 *
 * <p>Failures are typed: the API not answering is {@code UNREACHABLE}; a pod that does not start within
 * {@link NodeAgentJobSettings#podStartTimeout()} (image pull, an unready node) or a run past its deadline is
 * {@code TRANSIENT}; a log without an answer is {@code INVALID_INPUT}; RBAC refusals are {@code POLICY}.
 * When the pod answered, its answer is returned as is — a {@code Failed} from the agent keeps the agent's
 * reason, and a failed pod (the agent exits 1 on a failed operation) still answered.
 *
 * <p>Waiting is polling ({@code pollInterval}), bounded by the Job's own {@code activeDeadlineSeconds} plus a
 * margin, so a lost watch can never hang a caller.
 */
public final class KubernetesJobNodeExecutor implements NodeExecutor {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesJobNodeExecutor.class);
    /** The agent writes one line; a few more leave room for what the JVM prints to standard error. */
    private static final int LOG_TAIL_LINES = 50;

    private final WorkloadClusterApi clusters;
    private final NodeAgentJobTemplate template;
    private final Clock clock;
    private final Pause pause;

    /**
     * @param clusters the API client of each workload cluster
     * @param template the Job to create, with its settings
     * @param clock for the start and run deadlines
     * @param pause between two polls ({@link Pause#SLEEP} in production)
     */
    public KubernetesJobNodeExecutor(
            WorkloadClusterApi clusters, NodeAgentJobTemplate template, Clock clock, Pause pause) {
        this.clusters = Objects.requireNonNull(clusters, "clusters");
        this.template = Objects.requireNonNull(template, "template");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pause = Objects.requireNonNull(pause, "pause");
    }

    @Override
    public NodeResponse execute(NodeTarget target, NodeRequest request) {
        Operation operation = request.operation();
        NodeAgentJobSettings settings = template.settings();
        KubernetesClient api;
        Job job;
        String name = template.jobName(operation, target.nodeName());
        try {
            job = template.job(name, target, request);
            api = clusters.client(target.clusterId());
        } catch (NodeAccessException e) {
            return failed(operation, e.reason(), e.getMessage());
        } catch (RuntimeException e) {
            // a kubeconfig Fabric8 cannot use: its message may quote the file, so only the type is named
            return failed(
                    operation,
                    FailureReason.UNREACHABLE,
                    "no API client for cluster " + target.clusterId() + " ("
                            + e.getClass().getSimpleName() + ")");
        }
        String where = "Job " + settings.namespace() + "/" + name + " on " + target;
        try {
            api.batch()
                    .v1()
                    .jobs()
                    .inNamespace(settings.namespace())
                    .resource(job)
                    .create();
        } catch (KubernetesClientException e) {
            NodeAccessException failure = KubernetesFailures.of("creating " + where, e);
            if (e.getCode() == 404) {
                failure = new NodeAccessException(
                        FailureReason.INVALID_INPUT,
                        "creating " + where + " failed: namespace " + settings.namespace()
                                + " not found (apply deploy/node-agent to the workload cluster)");
            }
            return failed(operation, failure.reason(), failure.getMessage());
        }
        LOG.debug("created {}", where);
        try {
            return await(api, name, where, request);
        } catch (KubernetesClientException e) {
            NodeAccessException failure = KubernetesFailures.of("watching " + where, e);
            return failed(operation, failure.reason(), failure.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(operation, FailureReason.TRANSIENT, "interrupted while waiting for " + where);
        } finally {
            delete(api, name, where);
        }
    }

    private NodeResponse await(KubernetesClient api, String name, String where, NodeRequest request)
            throws InterruptedException {
        NodeAgentJobSettings settings = template.settings();
        Operation operation = request.operation();
        Instant started = clock.instant();
        Instant startBy = started.plus(settings.podStartTimeout());
        Duration runFor = OperationDeadline.of(request, settings.operationTimeout());
        // the Job's activeDeadlineSeconds ends it first; this margin only guards against a controller that is down
        Instant giveUpAt = startBy.plus(runFor).plus(settings.pollInterval().multipliedBy(3));
        while (true) {
            Job job = api.batch()
                    .v1()
                    .jobs()
                    .inNamespace(settings.namespace())
                    .withName(name)
                    .get();
            if (job == null) {
                return failed(operation, FailureReason.TRANSIENT, where + " was deleted before it finished");
            }
            Optional<Pod> pod = latestPod(api, name);
            String phase = pod.map(
                            p -> p.getStatus() == null ? null : p.getStatus().getPhase())
                    .orElse(null);
            if (finished(job.getStatus()) || "Succeeded".equals(phase) || "Failed".equals(phase)) {
                return answer(api, where, operation, job, pod);
            }
            Instant now = clock.instant();
            boolean notStarted = pod.isEmpty() || phase == null || "Pending".equals(phase);
            if (notStarted && now.isAfter(startBy)) {
                return failed(
                        operation,
                        FailureReason.TRANSIENT,
                        where + ": pod did not start within " + settings.podStartTimeout() + " (" + pendingReason(pod)
                                + ")");
            }
            if (now.isAfter(giveUpAt)) {
                return failed(
                        operation,
                        FailureReason.TRANSIENT,
                        where + " did not finish within "
                                + settings.podStartTimeout().plus(runFor));
            }
            pause.pause(settings.pollInterval());
        }
    }

    private NodeResponse answer(KubernetesClient api, String where, Operation operation, Job job, Optional<Pod> pod) {
        Optional<String> jobFailure = failureCondition(job.getStatus());
        if (pod.isEmpty()) {
            if (jobFailure.filter("DeadlineExceeded"::equals).isPresent()) {
                return failed(operation, FailureReason.TRANSIENT, where + " ran past its activeDeadlineSeconds");
            }
            return failed(operation, FailureReason.TRANSIENT, where + " finished but its pod is gone");
        }
        String podName = pod.get().getMetadata().getName();
        String log = api.pods()
                .inNamespace(template.settings().namespace())
                .withName(podName)
                .inContainer(NodeAgentJobTemplate.CONTAINER)
                .tailingLines(LOG_TAIL_LINES)
                .getLog();
        Optional<NodeResponse> response = AgentOutput.lastResponse(log);
        if (response.isPresent()) {
            NodeResponse answer = response.get();
            if (answer.operation() != null && answer.operation() != operation) {
                return failed(
                        operation,
                        FailureReason.INVALID_INPUT,
                        where + ": the agent answered for " + answer.operation() + ", not " + operation);
            }
            return answer;
        }
        Optional<ContainerStateTerminated> terminated = terminated(pod.get());
        if (jobFailure.filter("DeadlineExceeded"::equals).isPresent()) {
            return failed(operation, FailureReason.TRANSIENT, where + " ran past its activeDeadlineSeconds");
        }
        if (terminated.map(t -> "OOMKilled".equals(t.getReason())).orElse(false)) {
            return failed(
                    operation,
                    FailureReason.TRANSIENT,
                    where + ": the agent ran out of memory (OOMKilled) before answering");
        }
        String exit = terminated.map(t -> "exit code " + t.getExitCode()).orElse("no exit code");
        return failed(
                operation,
                FailureReason.INVALID_INPUT,
                where + ": the pod log holds no JSON answer from the node agent (" + exit + "); is "
                        + template.settings().image() + " a node-agent image?");
    }

    private Optional<Pod> latestPod(KubernetesClient api, String name) {
        List<Pod> pods = api.pods()
                .inNamespace(template.settings().namespace())
                .withLabel(NodeAgentJobTemplate.JOB_LABEL, name)
                .list()
                .getItems();
        return pods.stream()
                .max(Comparator.comparing(
                                (Pod p) -> Optional.ofNullable(p.getMetadata().getCreationTimestamp())
                                        .orElse(""))
                        .thenComparing(p -> p.getMetadata().getName()));
    }

    private static boolean finished(JobStatus status) {
        if (status == null) {
            return false;
        }
        if (positive(status.getSucceeded()) || positive(status.getFailed())) {
            return true;
        }
        return status.getConditions() != null
                && status.getConditions().stream()
                        .anyMatch(c -> ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                                && "True".equals(c.getStatus()));
    }

    private static Optional<String> failureCondition(JobStatus status) {
        if (status == null || status.getConditions() == null) {
            return Optional.empty();
        }
        return status.getConditions().stream()
                .filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()))
                .map(JobCondition::getReason)
                .filter(Objects::nonNull)
                .findFirst();
    }

    private static boolean positive(Integer value) {
        return value != null && value > 0;
    }

    private static Optional<ContainerStateTerminated> terminated(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(s -> NodeAgentJobTemplate.CONTAINER.equals(s.getName()))
                .map(ContainerStatus::getState)
                .filter(s -> s != null && s.getTerminated() != null)
                .map(s -> s.getTerminated())
                .findFirst();
    }

    /** Why a pod is not running, in the words Kubernetes uses (ImagePullBackOff, Unschedulable, ...). */
    private static String pendingReason(Optional<Pod> pod) {
        if (pod.isEmpty()) {
            return "no pod was created; does Pod Security admit privileged pods in the namespace?";
        }
        var status = pod.get().getStatus();
        if (status == null) {
            return "no status";
        }
        if (status.getContainerStatuses() != null) {
            for (ContainerStatus container : status.getContainerStatuses()) {
                if (container.getState() != null
                        && container.getState().getWaiting() != null
                        && container.getState().getWaiting().getReason() != null) {
                    return container.getState().getWaiting().getReason();
                }
            }
        }
        if (status.getConditions() != null) {
            for (PodCondition condition : status.getConditions()) {
                if ("False".equals(condition.getStatus()) && condition.getReason() != null) {
                    return condition.getType() + ": " + condition.getReason();
                }
            }
        }
        return "phase " + (status.getPhase() == null ? "unknown" : status.getPhase());
    }

    private void delete(KubernetesClient api, String name, String where) {
        try {
            api.batch()
                    .v1()
                    .jobs()
                    .inNamespace(template.settings().namespace())
                    .withName(name)
                    .withPropagationPolicy(DeletionPropagation.BACKGROUND)
                    .delete();
        } catch (KubernetesClientException e) {
            // ttlSecondsAfterFinished removes it later; nothing for the caller to do
            LOG.warn("{} not deleted (HTTP {}); ttlSecondsAfterFinished removes it", where, e.getCode());
        }
    }

    private static NodeResponse failed(Operation operation, FailureReason reason, String message) {
        return new NodeResponse.Failed(operation, NodeError.of(reason, message));
    }
}
