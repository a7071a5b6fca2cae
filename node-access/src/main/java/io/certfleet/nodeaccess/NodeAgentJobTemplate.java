package io.certfleet.nodeaccess;

import io.certfleet.nodeagent.FailureReason;
import io.certfleet.nodeagent.NodeDirectories;
import io.certfleet.nodeagent.NodeJson;
import io.certfleet.nodeagent.NodeRequest;
import io.certfleet.nodeagent.NodeTarget;
import io.certfleet.nodeagent.Operation;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The Job that runs one node-agent operation on one node (DESIGN §4), as system-upgrade-controller does it:
 * pinned with {@code nodeName}, tolerating the control-plane taints, in the privileged namespace, never
 * retried by Kubernetes ({@code backoffLimit: 0}: the caller decides), bounded by {@code activeDeadlineSeconds}
 * and removed by {@code ttlSecondsAfterFinished} if nobody deletes it.
 *
 * <p>The node's directories are mounted at their own paths with {@code --root /}, so the absolute symlinks a
 * kubeadm node has ({@code kubelet-client-current.pem}) resolve as on the host. Only what the operation needs
 * is mounted: the directories of the request — read-only unless the operation writes ({@code RENEW}, {@code
 * BACKUP}, {@code RESTORE}); the kubelet's certificate directory always read-only (the kubelet rotates those;
 * the rest of {@code /var/lib/kubelet} holds other pods' Secrets and is never mounted); the container runtime
 * socket only to restart static pods; the host network only to verify what {@code 127.0.0.1} serves.
 *
 * <p>The request travels as a pod annotation exposed by a downward-API volume and read with {@code --request
 * FILE}: no ConfigMap to clean up, no shell in the image, and requests carry no key material, so no Secret.
 */
public final class NodeAgentJobTemplate {
    public static final String CONTAINER = "node-agent";
    public static final String JOB_LABEL = "certfleet.io/node-agent-job";
    public static final String OPERATION_LABEL = "certfleet.io/operation";
    public static final String REQUEST_ANNOTATION = "certfleet.io/request";
    public static final String CLUSTER_ANNOTATION = "certfleet.io/cluster";
    public static final String NODE_ANNOTATION = "certfleet.io/node";
    public static final String REQUEST_DIRECTORY = "/run/certfleet";
    public static final String REQUEST_FILE = REQUEST_DIRECTORY + "/request.json";
    /** Kubernetes object names that become label values: at most 63 characters. */
    static final int MAX_NAME = 63;

    private static final int ID_LENGTH = 6;
    private static final String ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final NodeAgentJobSettings settings;
    private final RandomGenerator random;

    public NodeAgentJobTemplate(NodeAgentJobSettings settings, RandomGenerator random) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.random = Objects.requireNonNull(random, "random");
    }

    public NodeAgentJobSettings settings() {
        return settings;
    }

    /**
     * A fresh name {@code certfleet-<op>-<node>-<id>}: DNS-safe, at most 63 characters, the node name shortened
     * when needed (it is only a hint for people; the id makes the name unique).
     */
    public String jobName(Operation operation, String nodeName) {
        String prefix = "certfleet-" + shortName(operation) + "-";
        StringBuilder id = new StringBuilder(ID_LENGTH);
        for (int i = 0; i < ID_LENGTH; i++) {
            id.append(ID_ALPHABET.charAt(random.nextInt(ID_ALPHABET.length())));
        }
        int room = MAX_NAME - prefix.length() - 1 - ID_LENGTH;
        String node = dnsLabel(nodeName);
        if (node.length() > room) {
            node = trimDashes(node.substring(0, room));
        }
        if (node.isEmpty()) {
            node = "node";
        }
        return prefix + node + "-" + id;
    }

    /**
     * The Job for {@code request} on {@code target}.
     *
     * @throws NodeAccessException ({@code INVALID_INPUT}) for a request path that is not an absolute, normalized
     *     node path (it could not be mounted)
     */
    public Job job(String name, NodeTarget target, NodeRequest request) {
        Operation operation = request.operation();
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("app.kubernetes.io/name", "certfleet-node-agent");
        labels.put("app.kubernetes.io/part-of", "certfleet");
        labels.put("app.kubernetes.io/managed-by", "certfleet");
        labels.put(JOB_LABEL, name);
        labels.put(OPERATION_LABEL, shortName(operation));
        Map<String, String> where = Map.of(CLUSTER_ANNOTATION, target.clusterId(), NODE_ANNOTATION, target.nodeName());
        Map<String, String> podAnnotations = new LinkedHashMap<>(where);
        podAnnotations.put(REQUEST_ANNOTATION, NodeJson.write(request));

        List<Volume> volumes = new ArrayList<>();
        List<VolumeMount> mounts = new ArrayList<>();
        volumes.add(new VolumeBuilder()
                .withName("request")
                .withNewDownwardAPI()
                .addNewItem()
                .withPath("request.json")
                .withNewFieldRef()
                .withFieldPath("metadata.annotations['" + REQUEST_ANNOTATION + "']")
                .endFieldRef()
                .endItem()
                .endDownwardAPI()
                .build());
        mounts.add(mount("request", REQUEST_DIRECTORY, true));
        volumes.add(new VolumeBuilder()
                .withName("tmp")
                .withNewEmptyDir()
                .withSizeLimit(new Quantity("64Mi"))
                .endEmptyDir()
                .build());
        mounts.add(mount("tmp", "/tmp", false));
        int n = 0;
        for (HostMount host : hostMounts(request)) {
            String volume = "host-" + n++;
            volumes.add(new VolumeBuilder()
                    .withName(volume)
                    .withNewHostPath()
                    .withPath(host.path())
                    .withType(host.type())
                    .endHostPath()
                    .build());
            mounts.add(mount(volume, host.path(), host.readOnly()));
        }
        List<EnvVar> env = new ArrayList<>();
        if (operation == Operation.RESTART_CONTROL_PLANE) {
            // crictl's own variable; the endpoint is a socket path, not a credential
            env.add(new EnvVar("CONTAINER_RUNTIME_ENDPOINT", settings.containerRuntimeEndpoint(), null));
        }
        boolean hostNetwork = operation == Operation.VERIFY;
        long activeDeadline = settings.podStartTimeout()
                .plus(OperationDeadline.of(request, settings.operationTimeout()))
                .toSeconds();

        return new JobBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(settings.namespace())
                .withLabels(labels)
                .withAnnotations(where)
                .endMetadata()
                .withNewSpec()
                .withBackoffLimit(0)
                .withActiveDeadlineSeconds(activeDeadline)
                .withTtlSecondsAfterFinished((int) settings.ttlAfterFinished().toSeconds())
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(labels)
                .withAnnotations(podAnnotations)
                .endMetadata()
                .withNewSpec()
                .withNodeName(target.nodeName())
                .withRestartPolicy("Never")
                .withAutomountServiceAccountToken(false)
                .withServiceAccountName(settings.serviceAccountName())
                .withEnableServiceLinks(false)
                .withHostNetwork(hostNetwork ? Boolean.TRUE : null)
                .withDnsPolicy(hostNetwork ? "ClusterFirstWithHostNet" : null)
                .withTolerations(controlPlaneTolerations())
                .withImagePullSecrets(settings.imagePullSecrets().stream()
                        .map(LocalObjectReference::new)
                        .toList())
                .withNewSecurityContext()
                // root: kubeadm's files are root's, mode 0600 for kubeconfigs and keys
                .withRunAsUser(0L)
                .withRunAsGroup(0L)
                .withRunAsNonRoot(false)
                .withNewSeccompProfile()
                .withType("RuntimeDefault")
                .endSeccompProfile()
                .endSecurityContext()
                .addNewContainer()
                .withName(CONTAINER)
                .withImage(settings.image())
                .withImagePullPolicy(settings.imagePullPolicy())
                .withCommand(settings.command())
                .withArgs("--request", REQUEST_FILE, "--root", "/")
                .withEnv(env)
                .withVolumeMounts(mounts)
                .withNewSecurityContext()
                .withPrivileged(false)
                .withAllowPrivilegeEscalation(false)
                .withReadOnlyRootFilesystem(true)
                .withNewCapabilities()
                .withDrop("ALL")
                .endCapabilities()
                .endSecurityContext()
                .withNewResources()
                .addToRequests("cpu", new Quantity("50m"))
                .addToRequests("memory", new Quantity("128Mi"))
                .addToLimits("memory", new Quantity("512Mi"))
                .endResources()
                .endContainer()
                .withVolumes(volumes)
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /** A host path mounted at the same path in the container. */
    record HostMount(String path, boolean readOnly, String type) {}

    /**
     * What the operation reads and writes on the node: each directory once, a nested one only when it needs
     * more access than the directory holding it.
     */
    List<HostMount> hostMounts(NodeRequest request) {
        List<HostMount> mounts = new ArrayList<>();
        switch (request) {
            case NodeRequest.Scan scan -> directories(mounts, scan.directories(), true);
            case NodeRequest.Renew renew -> {
                directories(mounts, renew.directories(), false);
                created(mounts, renew.backupDir());
                created(mounts, renew.csrDir());
            }
            case NodeRequest.Install install -> {
                directories(mounts, install.directories(), false);
                created(mounts, install.backupDir());
                // the staged keys are deleted once installed
                created(mounts, install.csrDir());
            }
            case NodeRequest.IssueClientCertificate issue -> directories(mounts, issue.directories(), true);
            case NodeRequest.DiscardStaged discard -> {
                directories(mounts, discard.directories(), true);
                created(mounts, discard.csrDir());
            }
            case NodeRequest.Backup backup -> {
                directories(mounts, backup.directories(), false);
                created(mounts, backup.backupDir());
            }
            case NodeRequest.Restore restore -> {
                directories(mounts, restore.directories(), false);
                if (restore.backup().startsWith("/")) {
                    mounts.add(new HostMount(nodePath(restore.backup()), true, "Directory"));
                }
            }
            case NodeRequest.RestartControlPlane restart ->
                mounts.add(new HostMount(settings.containerRuntimeSocket(), false, "Socket"));
            case NodeRequest.Verify verify -> {
                mounts.add(new HostMount(NodeDirectories.DEFAULT_CONFIG_DIR, true, "Directory"));
                if (verify.caFile() != null) {
                    mounts.add(new HostMount(parent(nodePath(verify.caFile())), true, "Directory"));
                }
            }
        }
        return withoutCovered(mounts);
    }

    private static void directories(List<HostMount> mounts, NodeDirectories directories, boolean readOnly) {
        mounts.add(new HostMount(nodePath(directories.configDir()), readOnly, "Directory"));
        mounts.add(new HostMount(nodePath(directories.certDir()), readOnly, "Directory"));
        // the kubelet rotates its own certificates: the agent never writes them
        mounts.add(new HostMount(nodePath(directories.kubeletDir()), true, "Directory"));
    }

    /** A directory the agent creates (a backup, CSRs): its parent, writable, created if absent. */
    private static void created(List<HostMount> mounts, String path) {
        if (path != null) {
            mounts.add(new HostMount(parent(nodePath(path)), false, "DirectoryOrCreate"));
        }
    }

    private static List<HostMount> withoutCovered(List<HostMount> mounts) {
        List<HostMount> kept = new ArrayList<>();
        for (int i = 0; i < mounts.size(); i++) {
            HostMount m = mounts.get(i);
            boolean covered = false;
            for (int j = 0; j < mounts.size() && !covered; j++) {
                HostMount k = mounts.get(j);
                boolean enoughAccess = !k.readOnly() || m.readOnly();
                boolean samePath = m.path().equals(k.path());
                // the same path with the same access: the first one stays
                covered = j != i
                        && enoughAccess
                        && within(m.path(), k.path())
                        && (!samePath || k.readOnly() != m.readOnly() || j < i);
            }
            if (!covered) {
                kept.add(m);
            }
        }
        return List.copyOf(kept);
    }

    private static boolean within(String path, String directory) {
        return path.equals(directory) || path.startsWith(directory + "/");
    }

    private static String parent(String path) {
        Path parent = Path.of(path).getParent();
        return parent == null ? "/" : parent.toString();
    }

    /** An absolute, normalized node path other than {@code /}; anything else could mount what was not meant. */
    private static String nodePath(String path) {
        if (path == null || !path.startsWith("/")) {
            throw new NodeAccessException(
                    FailureReason.INVALID_INPUT, "not an absolute node path: " + abbreviate(path));
        }
        String trimmed = path.replaceAll("/+$", "");
        String normalized = Path.of(path).normalize().toString();
        if (trimmed.isEmpty() || !normalized.equals(trimmed)) {
            throw new NodeAccessException(
                    FailureReason.INVALID_INPUT, "not a normalized node path below /: " + abbreviate(path));
        }
        return normalized;
    }

    private static String abbreviate(String value) {
        if (value == null) {
            return "(none)";
        }
        return value.length() > 80 ? value.substring(0, 80) + "..." : value;
    }

    private static List<Toleration> controlPlaneTolerations() {
        // nodeName bypasses the scheduler, but NoExecute taints still apply; any effect is tolerated
        return List.of(
                new TolerationBuilder()
                        .withKey("node-role.kubernetes.io/control-plane")
                        .withOperator("Exists")
                        .build(),
                new TolerationBuilder()
                        .withKey("node-role.kubernetes.io/master")
                        .withOperator("Exists")
                        .build());
    }

    private static VolumeMount mount(String volume, String path, boolean readOnly) {
        return new VolumeMountBuilder()
                .withName(volume)
                .withMountPath(path)
                .withReadOnly(readOnly)
                .build();
    }

    static String shortName(Operation operation) {
        return switch (operation) {
            case SCAN -> "scan";
            case RENEW -> "renew";
            case BACKUP -> "backup";
            case RESTORE -> "restore";
            case RESTART_CONTROL_PLANE -> "restart";
            case VERIFY -> "verify";
            case INSTALL -> "install";
            case ISSUE_CLIENT_CERTIFICATE -> "issue";
            case DISCARD_STAGED -> "discard";
        };
    }

    private static String dnsLabel(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(lower.length());
        for (char c : lower.toCharArray()) {
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
            if (ok) {
                out.append(c);
            } else if (out.length() > 0 && out.charAt(out.length() - 1) != '-') {
                out.append('-');
            }
        }
        return trimDashes(out.toString());
    }

    private static String trimDashes(String value) {
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) == '-') {
            start++;
        }
        while (end > start && value.charAt(end - 1) == '-') {
            end--;
        }
        return value.substring(start, end);
    }
}
