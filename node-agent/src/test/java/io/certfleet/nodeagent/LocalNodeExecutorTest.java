package io.certfleet.nodeagent;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.nodeagent.OperationResult.RenewResult;
import io.certfleet.nodeagent.runtime.Pause;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalNodeExecutorTest {

    @TempDir
    Path base;

    @Test
    void runs_each_operation_on_the_directory_of_its_node() {
        NodeTree.create(base.resolve("prod-1/cp-1"));
        NodeTree.create(base.resolve("prod-1/cp-2"));
        Map<NodeTarget, FakeContainerRuntime> runtimes = new HashMap<>();
        NodeExecutor executor = LocalNodeExecutor.under(
                base,
                target -> runtimes.computeIfAbsent(target, t -> FakeContainerRuntime.withControlPlane()),
                Clock.fixed(NodeTree.NOW, ZoneOffset.UTC),
                Pause.NONE);
        NodeTarget first = new NodeTarget("prod-1", "cp-1");

        NodeResponse renewed = executor.execute(first, NodeRequest.Renew.all());
        NodeResponse restarted = executor.execute(first, NodeRequest.RestartControlPlane.all());

        assertThat(((RenewResult) ((NodeResponse.Completed) renewed).result()).renewed())
                .hasSize(KubeadmCertificate.renewable().size());
        assertThat(base.resolve("prod-1/cp-1/etc/kubernetes/tmp")).isDirectory();
        assertThat(base.resolve("prod-1/cp-2/etc/kubernetes/tmp"))
                .as("the other node is untouched")
                .doesNotExist();
        assertThat(restarted.exitCode()).isZero();
        assertThat(runtimes.get(first).stopped).hasSize(4);
        assertThat(runtimes).doesNotContainKey(new NodeTarget("prod-1", "cp-2"));
    }

    @Test
    void a_node_without_a_directory_is_unreachable() {
        NodeExecutor executor =
                LocalNodeExecutor.under(base, target -> new FakeContainerRuntime(), Clock.systemUTC(), Pause.NONE);

        NodeResponse response = executor.execute(new NodeTarget("prod-1", "ghost"), NodeRequest.Scan.defaults());

        assertThat(response).isInstanceOfSatisfying(NodeResponse.Failed.class, f -> {
            assertThat(f.error().reason()).isEqualTo(FailureReason.UNREACHABLE);
            assertThat(f.error().message()).isEqualTo("no node prod-1/ghost");
        });
    }
}
