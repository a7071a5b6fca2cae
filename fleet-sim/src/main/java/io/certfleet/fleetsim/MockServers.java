package io.certfleet.fleetsim;

import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops Fabric8 mock API servers without failing on a known race of their shutdown (fabric8io/kubernetes-client#7747,
 * fixed after 7.9.0): the listener is closed, but Vert.x may be closed before the wait for that close is registered,
 * and the wait then times out after 10 s ({@code Unable to close MockWebServer}) or is rejected ({@code event executor
 * terminated}). On a loaded machine this failed a test's teardown now and then. Any other failure is thrown.
 */
public final class MockServers {
    private static final Logger LOG = LoggerFactory.getLogger(MockServers.class);

    private MockServers() {}

    public static void destroy(KubernetesMockServer server) {
        try {
            server.destroy();
        } catch (IllegalStateException | RejectedExecutionException e) {
            if (!shutdownRace(e)) {
                throw e;
            }
            LOG.warn(
                    "The mock API server did not confirm its shutdown ({}: {}); a known Fabric8 mockwebserver race"
                            + " (fabric8io/kubernetes-client#7747), ignored",
                    e.getClass().getSimpleName(),
                    e.getMessage());
        }
    }

    static boolean shutdownRace(RuntimeException e) {
        if (e instanceof RejectedExecutionException) {
            return String.valueOf(e.getMessage()).contains("event executor terminated");
        }
        String message = String.valueOf(e.getMessage());
        return (message.equals("Unable to close MockWebServer") || message.equals("Unable to close Vertx"))
                && (e.getCause() instanceof TimeoutException || e.getCause() instanceof RejectedExecutionException);
    }
}
