package io.certfleet.renewal.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class NodeExecutorChoiceTest {
    private static final Optional<String> SECRET = Optional.of("tkg-ns/tkg-1-ssh of management cluster mgmt");

    @Test
    void the_normal_path_follows_the_inventorys_node_access() {
        assertThat(choose(NodeAccessMode.KUBERNETES_JOB, NodeAccessPath.API, false))
                .isInstanceOf(NodeExecutorChoice.KubernetesJob.class);
        assertThat(choose(NodeAccessMode.SSH, NodeAccessPath.API, false)).isInstanceOf(NodeExecutorChoice.Ssh.class);
        assertThat(choose(NodeAccessMode.LOCAL, NodeAccessPath.API, false))
                .isInstanceOf(NodeExecutorChoice.Local.class);
    }

    @Test
    void break_glass_on_a_job_cluster_goes_over_ssh_when_its_ssh_secret_exists() {
        NodeExecutorChoice choice = choose(NodeAccessMode.KUBERNETES_JOB, NodeAccessPath.BREAK_GLASS, true);

        assertThat(choice).isInstanceOf(NodeExecutorChoice.Ssh.class);
        assertThat(choice.reason()).contains("break-glass", "expired", "tkg-ns/tkg-1-ssh");
        assertThat(NodeExecutorChoice.needsSshSecret(NodeAccessMode.KUBERNETES_JOB, NodeAccessPath.BREAK_GLASS))
                .isTrue();
    }

    @Test
    void break_glass_without_the_ssh_secret_is_refused_naming_it() {
        NodeExecutorChoice choice = choose(NodeAccessMode.KUBERNETES_JOB, NodeAccessPath.BREAK_GLASS, false);

        assertThat(choice).isInstanceOf(NodeExecutorChoice.Refused.class);
        assertThat(choice.reason()).contains("tkg-ns/tkg-1-ssh", "is missing", "ssh-privatekey");
    }

    @Test
    void break_glass_without_a_management_cluster_is_refused() {
        NodeExecutorChoice choice = NodeExecutorChoice.choose(
                "tkg-1", NodeAccessMode.KUBERNETES_JOB, NodeAccessPath.BREAK_GLASS, Optional.empty(), true);

        assertThat(choice).isInstanceOf(NodeExecutorChoice.Refused.class);
        assertThat(choice.reason()).contains("no management cluster", "<cluster>-ssh");
    }

    @Test
    void ssh_and_local_clusters_keep_their_path_in_break_glass_and_none_is_refused() {
        assertThat(choose(NodeAccessMode.SSH, NodeAccessPath.BREAK_GLASS, false))
                .isInstanceOf(NodeExecutorChoice.Ssh.class);
        assertThat(choose(NodeAccessMode.LOCAL, NodeAccessPath.BREAK_GLASS, false))
                .isInstanceOf(NodeExecutorChoice.Local.class);
        assertThat(choose(NodeAccessMode.NONE, NodeAccessPath.API, true))
                .isInstanceOfSatisfying(
                        NodeExecutorChoice.Refused.class,
                        r -> assertThat(r.reason()).contains("nodeAccess NONE"));
        assertThat(NodeExecutorChoice.needsSshSecret(NodeAccessMode.SSH, NodeAccessPath.BREAK_GLASS))
                .isFalse();
        assertThat(NodeExecutorChoice.needsSshSecret(NodeAccessMode.KUBERNETES_JOB, NodeAccessPath.API))
                .isFalse();
    }

    private static NodeExecutorChoice choose(NodeAccessMode mode, NodeAccessPath path, boolean secretExists) {
        return NodeExecutorChoice.choose("tkg-1", mode, path, SECRET, secretExists);
    }
}
