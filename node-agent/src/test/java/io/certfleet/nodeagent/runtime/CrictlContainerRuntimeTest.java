package io.certfleet.nodeagent.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certfleet.nodeagent.FailureReason;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against a fake {@code crictl} on the PATH that behaves as seed 001 describes. */
class CrictlContainerRuntimeTest {

    @TempDir
    Path bin;

    private final List<Duration> pauses = new ArrayList<>();

    /**
     * Fails {@code FAILURES} times with DeadlineExceeded (counted in a state file), then answers: {@code ps}
     * lists ids for kube-apiserver and etcd, {@code stop gone} says NotFound, {@code stop broken} fails
     * differently. Every call is logged with its arguments.
     */
    @BeforeEach
    void fakeCrictl() throws Exception {
        Path script = bin.resolve("crictl");
        Files.writeString(script, """
                #!/bin/sh
                echo "$@" >> "$STATE_DIR/calls"
                count=$(cat "$STATE_DIR/count" 2>/dev/null || echo 0)
                if [ "$count" -lt "$FAILURES" ]; then
                  echo $((count + 1)) > "$STATE_DIR/count"
                  echo 'E1122 rpc error: code = DeadlineExceeded desc = context deadline exceeded' >&2
                  exit 1
                fi
                case "$1" in
                  ps)
                    case "$3" in
                      '^kube-apiserver$') echo c331ade490cb6 ;;
                      '^etcd$') printf 'e1\\ne2\\n' ;;
                    esac ;;
                  stop)
                    case "$2" in
                      gone) echo 'rpc error: code = NotFound desc = an error occurred when try to find container "gone": not found' >&2; exit 1 ;;
                      broken) echo 'rpc error: code = Unknown desc = permission denied' >&2; exit 1 ;;
                      *) echo "$2" ;;
                    esac ;;
                esac
                """);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private CrictlContainerRuntime runtime(int failures, int attempts) {
        return new CrictlContainerRuntime(
                List.of("crictl"),
                Map.of(
                        "PATH", bin + ":" + System.getenv("PATH"),
                        "STATE_DIR", bin.toString(),
                        "FAILURES", Integer.toString(failures)),
                attempts,
                Duration.ofSeconds(2),
                Duration.ofSeconds(30),
                pauses::add);
    }

    @Test
    void retries_deadline_exceeded_twice_then_succeeds() throws Exception {
        CrictlContainerRuntime crictl = runtime(2, 5);

        assertThat(crictl.runningContainers("kube-apiserver")).containsExactly("c331ade490cb6");

        assertThat(Files.readAllLines(bin.resolve("calls")))
                .containsExactly(
                        "ps --name ^kube-apiserver$ -q",
                        "ps --name ^kube-apiserver$ -q",
                        "ps --name ^kube-apiserver$ -q");
        assertThat(pauses).containsExactly(Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void lists_exactly_the_named_container_and_stops_by_id() throws Exception {
        CrictlContainerRuntime crictl = runtime(0, 5);

        assertThat(crictl.runningContainers("etcd")).containsExactly("e1", "e2");
        assertThat(crictl.runningContainers("kube-scheduler")).isEmpty();
        crictl.stop("e1");
        crictl.stop("gone");

        assertThat(Files.readAllLines(bin.resolve("calls")))
                .containsExactly("ps --name ^etcd$ -q", "ps --name ^kube-scheduler$ -q", "stop e1", "stop gone");
        assertThat(pauses).isEmpty();
    }

    @Test
    void gives_up_after_the_bounded_attempts() {
        CrictlContainerRuntime crictl = runtime(10, 3);

        assertThatThrownBy(() -> crictl.stop("c331ade490cb6"))
                .isInstanceOfSatisfying(ContainerRuntimeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.TRANSIENT);
                    assertThat(e.getMessage())
                            .contains("crictl stop c331ade490cb6 still failing with DeadlineExceeded after 3 attempts");
                });
        assertThat(pauses).hasSize(2);
    }

    @Test
    void other_failures_are_not_retried() {
        CrictlContainerRuntime crictl = runtime(0, 5);

        assertThatThrownBy(() -> crictl.stop("broken")).isInstanceOfSatisfying(ContainerRuntimeException.class, e -> {
            assertThat(e.getMessage())
                    .contains("crictl stop broken failed (exit 1): rpc error: code = Unknown desc = permission denied");
        });
        assertThat(pauses).isEmpty();
    }

    @Test
    void a_missing_crictl_is_unreachable() {
        CrictlContainerRuntime crictl = new CrictlContainerRuntime(
                List.of(bin.resolve("no-such-crictl").toString()),
                Map.of(),
                3,
                Duration.ZERO,
                Duration.ofSeconds(5),
                pauses::add);

        assertThatThrownBy(() -> crictl.runningContainers("etcd"))
                .isInstanceOfSatisfying(
                        ContainerRuntimeException.class,
                        e -> assertThat(e.reason()).isEqualTo(FailureReason.UNREACHABLE));
    }
}
