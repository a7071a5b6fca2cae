package io.certfleet.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AttachFailureTest {

    @Test
    void attachingToAPortWhereNoPostgresListensIsUnreachableAndReleasesTheOwner() {
        int nobodyListens = LoopbackPorts.pick();
        AtomicBoolean released = new AtomicBoolean();

        assertThatThrownBy(() -> EmbeddedPostgres.attach(
                        "127.0.0.1", nobodyListens, "postgres", "postgres", () -> released.set(true)))
                .isInstanceOfSatisfying(EmbeddedInfrastructureException.class, e -> {
                    assertThat(e.reason()).isEqualTo(EmbeddedInfrastructureException.Reason.UNREACHABLE);
                    assertThat(e.retryHelps()).isTrue();
                    assertThat(e.getMessage()).doesNotContain("password");
                });
        assertThat(released).isTrue();
    }

    @Test
    void bindFailuresAreRecognisedInTheCauseChain() {
        var wrapped = new RuntimeException("startup failed", new java.net.BindException("Address already in use"));
        assertThat(LoopbackPorts.isBindFailure(wrapped)).isTrue();
        assertThat(LoopbackPorts.isBindFailure(new IllegalStateException("log dir locked")))
                .isFalse();
    }
}
