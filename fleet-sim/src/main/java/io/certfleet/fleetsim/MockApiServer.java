package io.certfleet.fleetsim;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMixedDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * A Fabric8 {@link KubernetesMockServer} in CRUD mode (objects created are stored and listed, label
 * selectors work), recorded expectations for the health endpoints, and {@link PodAwareDispatcher}
 * for what draining a node needs (pods by node, evictions that honour PodDisruptionBudgets). Plain HTTP on 127.0.0.1; TLS, when wanted, is the job of the {@link
 * TlsEndpoint} in front of it.
 */
final class MockApiServer implements AutoCloseable {

    private final KubernetesMockServer server;
    private final KubernetesClient client;

    private MockApiServer(KubernetesMockServer server) {
        this.server = server;
        // the simulated API answers at once; retrying a 429 (a PodDisruptionBudget) only slows callers down
        this.client = server.createClient(builder ->
                builder.editOrNewConfig().withRequestRetryBackoffLimit(0).endConfig());
    }

    static MockApiServer start(List<CustomResourceDefinitionContext> customResources, String gitVersion) {
        Map<ServerRequest, Queue<ServerResponse>> expectations = new HashMap<>();
        String[] parts = gitVersion.substring(1).split("\\.");
        VersionInfo version = new VersionInfo.Builder()
                .withMajor(parts[0])
                .withMinor(parts[1])
                .withGitVersion(gitVersion)
                .withPlatform("linux/amd64")
                .build();
        KubernetesMockServer server = new KubernetesMockServer(
                new Context(),
                new MockWebServer(),
                expectations,
                new PodAwareDispatcher(new KubernetesMixedDispatcher(expectations, customResources)),
                false,
                version);
        server.init(InetAddress.getLoopbackAddress(), 0);
        for (String path : List.of("/healthz", "/livez", "/readyz")) {
            server.expect().get().withPath(path).andReturn(200, "ok").always();
        }
        return new MockApiServer(server);
    }

    KubernetesClient client() {
        return client;
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getPort());
    }

    @Override
    public void close() {
        client.close();
        MockServers.destroy(server);
    }
}
