package io.certfleet.fleetsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class MockServersTest {

    @Test
    void onlyTheKnownShutdownRaceIsIgnored() {
        assertThat(MockServers.shutdownRace(
                        new IllegalStateException("Unable to close MockWebServer", new TimeoutException())))
                .isTrue();
        assertThat(MockServers.shutdownRace(new IllegalStateException(
                        "Unable to close Vertx", new RejectedExecutionException("event executor terminated"))))
                .isTrue();
        assertThat(MockServers.shutdownRace(new RejectedExecutionException("event executor terminated")))
                .isTrue();

        assertThat(MockServers.shutdownRace(new IllegalStateException("shutdown() before start()")))
                .isFalse();
        assertThat(MockServers.shutdownRace(
                        new IllegalStateException("Unable to close MockWebServer", new IllegalArgumentException())))
                .isFalse();
        assertThat(MockServers.shutdownRace(new RejectedExecutionException("queue full")))
                .isFalse();
    }
}
