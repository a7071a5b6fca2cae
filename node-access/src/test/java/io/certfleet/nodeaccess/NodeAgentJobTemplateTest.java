package io.certfleet.nodeaccess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certfleet.nodeaccess.NodeAgentJobTemplate.HostMount;
import io.certfleet.nodeagent.FailureReason;
import io.certfleet.nodeagent.NodeDirectories;
import io.certfleet.nodeagent.NodeJson;
import io.certfleet.nodeagent.NodeRequest;
import io.certfleet.nodeagent.NodeTarget;
import io.certfleet.nodeagent.Operation;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class NodeAgentJobTemplateTest {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final NodeTarget TARGET = new NodeTarget("prod-1", "cp-1");

    private final NodeAgentJobTemplate template =
            new NodeAgentJobTemplate(NodeAgentJobSettings.defaults(), new Random(7));

    @Test
    void job_names_are_dns_labels_of_at_most_63_characters_and_unique() {
        String longNode = "ip-10-0-0-1." + "very-long-subdomain-".repeat(12) + "Example.COM";
        Set<String> names = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            String name = template.jobName(Operation.RESTART_CONTROL_PLANE, longNode);
            assertThat(name)
                    .hasSizeLessThanOrEqualTo(63)
                    .matches(DNS_LABEL)
                    .startsWith("certfleet-restart-ip-10-0-0-1-");
            names.add(name);
        }
        assertThat(names).hasSize(500);
        assertThat(template.jobName(Operation.SCAN, "cp-1")).matches("certfleet-scan-cp-1-[a-z0-9]{6}");
        assertThat(template.jobName(Operation.SCAN, "...")).matches("certfleet-scan-node-[a-z0-9]{6}");
    }

    @Test
    void scan_mounts_the_kubeadm_and_kubelet_directories_read_only_and_nothing_else_of_the_host() {
        assertThat(template.hostMounts(NodeRequest.Scan.defaults()))
                .containsExactly(
                        new HostMount("/etc/kubernetes", true, "Directory"),
                        new HostMount("/var/lib/kubelet/pki", true, "Directory"));
    }

    @Test
    void writing_operations_mount_the_config_directory_writable_but_never_the_kubelets() {
        assertThat(template.hostMounts(NodeRequest.Renew.all()))
                .containsExactly(
                        new HostMount("/etc/kubernetes", false, "Directory"),
                        new HostMount("/var/lib/kubelet/pki", true, "Directory"));
        assertThat(template.hostMounts(new NodeRequest.Backup(null, "/var/backups/certfleet/b-1")))
                .contains(new HostMount("/var/backups/certfleet", false, "DirectoryOrCreate"));
        assertThat(template.hostMounts(new NodeRequest.Restore(null, "certfleet-backup-1")))
                .containsExactly(
                        new HostMount("/etc/kubernetes", false, "Directory"),
                        new HostMount("/var/lib/kubelet/pki", true, "Directory"));
        NodeDirectories elsewhere = new NodeDirectories("/etc/kubernetes", "/srv/pki", "/var/lib/kubelet/pki");
        assertThat(template.hostMounts(new NodeRequest.Renew(elsewhere, null, null, null, null, null)))
                .contains(new HostMount("/srv/pki", false, "Directory"));
    }

    @Test
    void restarts_get_the_container_runtime_socket_and_verifications_the_host_network() {
        assertThat(template.hostMounts(NodeRequest.RestartControlPlane.all()))
                .containsExactly(new HostMount("/run/containerd/containerd.sock", false, "Socket"));
        Job restart = template.job("certfleet-restart-cp-1-abcdef", TARGET, NodeRequest.RestartControlPlane.all());
        assertThat(container(restart).getEnv()).singleElement().satisfies(e -> {
            assertThat(e.getName()).isEqualTo("CONTAINER_RUNTIME_ENDPOINT");
            assertThat(e.getValueFrom()).isNull();
        });
        assertThat(spec(restart).getHostNetwork()).isNull();

        Job verify = template.job(
                "certfleet-verify-cp-1-abcdef",
                TARGET,
                new NodeRequest.Verify(
                        "https://127.0.0.1:6443", null, "/etc/kubernetes/pki/ca.crt", null, null, null, null));
        assertThat(spec(verify).getHostNetwork()).isTrue();
        assertThat(template.hostMounts(new NodeRequest.Verify("127.0.0.1:6443", null, null, null, null, null, null)))
                .containsExactly(new HostMount("/etc/kubernetes", true, "Directory"));
    }

    @Test
    void the_request_travels_as_an_annotation_read_through_a_downward_api_file() {
        NodeRequest request = NodeRequest.Renew.all();
        Job job = template.job("certfleet-renew-cp-1-abcdef", TARGET, request);

        String annotation =
                job.getSpec().getTemplate().getMetadata().getAnnotations().get(NodeAgentJobTemplate.REQUEST_ANNOTATION);
        assertThat(NodeJson.readRequest(annotation)).isEqualTo(request);
        assertThat(container(job).getArgs())
                .containsExactly("--request", NodeAgentJobTemplate.REQUEST_FILE, "--root", "/");
        Volume requestVolume = spec(job).getVolumes().stream()
                .filter(v -> v.getDownwardAPI() != null)
                .findFirst()
                .orElseThrow();
        assertThat(requestVolume
                        .getDownwardAPI()
                        .getItems()
                        .get(0)
                        .getFieldRef()
                        .getFieldPath())
                .isEqualTo("metadata.annotations['certfleet.io/request']");
        assertThat(spec(job).getVolumes()).allSatisfy(v -> {
            assertThat(v.getSecret()).isNull();
            assertThat(v.getProjected()).isNull();
        });
        assertThat(container(job).getEnvFrom()).isEmpty();
        assertThat(spec(job).getAutomountServiceAccountToken()).isFalse();
    }

    @Test
    void paths_that_would_mount_something_else_are_refused() {
        for (String path : List.of("etc/kubernetes", "/etc/kubernetes/../..", "/", "/etc//kubernetes")) {
            NodeRequest request = new NodeRequest.Scan(new NodeDirectories(path, null, null), null);
            assertThatThrownBy(() -> template.job("certfleet-scan-cp-1-abcdef", TARGET, request))
                    .isInstanceOfSatisfying(
                            NodeAccessException.class,
                            e -> assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT));
        }
    }

    private static PodSpec spec(Job job) {
        return job.getSpec().getTemplate().getSpec();
    }

    private static Container container(Job job) {
        return spec(job).getContainers().get(0);
    }
}
