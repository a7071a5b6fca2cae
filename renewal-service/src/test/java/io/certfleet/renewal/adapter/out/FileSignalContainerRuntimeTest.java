package io.certfleet.renewal.adapter.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certfleet.nodeagent.FailureReason;
import io.certfleet.nodeagent.OperationResult;
import io.certfleet.nodeagent.runtime.ContainerRuntimeException;
import io.certfleet.nodeagent.runtime.Pause;
import io.certfleet.nodeagent.runtime.StaticPodRestarter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file protocol between renewal-service and a simulated kubelet in another process. */
class FileSignalContainerRuntimeTest {
    @TempDir
    Path node;

    private final ScheduledExecutorService kubelet = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        kubelet.shutdownNow();
    }

    @Test
    void restartWaitsForTheKubeletToStartANewContainer() throws IOException {
        container("kube-apiserver", "apiserver-1");
        // the other side: on a stop request, a new container id, then the request is removed
        kubelet.scheduleWithFixedDelay(
                () -> {
                    Path stop = node.resolve(FileSignalContainerRuntime.STOP).resolve("kube-apiserver");
                    try {
                        if (Files.exists(stop) && Files.readString(stop).equals("apiserver-1")) {
                            container("kube-apiserver", "apiserver-2");
                            Files.delete(stop);
                        }
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                },
                0,
                5,
                TimeUnit.MILLISECONDS);
        FileSignalContainerRuntime runtime = new FileSignalContainerRuntime(node, Duration.ofSeconds(10));

        OperationResult.ComponentRestart restart =
                new StaticPodRestarter(runtime, Pause.NONE).restart("kube-apiserver", true, Duration.ofSeconds(5));

        assertThat(restart.status()).isEqualTo(OperationResult.RestartStatus.RESTARTED);
        assertThat(restart.stopped()).containsExactly("apiserver-1");
        assertThat(restart.replacements()).containsExactly("apiserver-2");
    }

    @Test
    void noContainerFileMeansNotRunningAndNoKubeletMeansUnreachable() throws IOException {
        FileSignalContainerRuntime runtime = new FileSignalContainerRuntime(node, Duration.ofMillis(200));
        assertThat(runtime.runningContainers("etcd")).isEmpty();

        container("etcd", "etcd-1");
        assertThat(runtime.runningContainers("etcd")).containsExactly("etcd-1");
        runtime.stop("gone-7"); // an id nobody runs: already stopped

        assertThatThrownBy(() -> runtime.stop("etcd-1"))
                .isInstanceOfSatisfying(
                        ContainerRuntimeException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.UNREACHABLE))
                .hasMessageContaining("no kubelet stopped etcd");
        assertThat(node.resolve(FileSignalContainerRuntime.STOP).resolve("etcd"))
                .hasContent("etcd-1");
    }

    private void container(String name, String id) throws IOException {
        Path file = node.resolve(FileSignalContainerRuntime.CONTAINERS).resolve(name);
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), ".id", ".tmp");
        Files.writeString(temporary, id);
        Files.move(
                temporary,
                file,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
}
