package io.certfleet.nodeaccess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certfleet.fleetsim.MockServers;
import io.certfleet.nodeaccess.SecretSshCredentials.SecretLocation;
import io.certfleet.nodeagent.FailureReason;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The {@code <cluster>-ssh} Secret of a management cluster (seed 000 step 4), on a Fabric8 mock server (CRUD). */
class SecretSshCredentialsMockTest {
    private static final String NS = "tkg-cluster-ns";
    private static final String KEY_TEXT =
            "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ==\n-----END OPENSSH PRIVATE KEY-----\n";

    private KubernetesMockServer server;
    private KubernetesClient management;
    private SecretSshCredentials credentials;

    @BeforeEach
    void managementCluster() {
        server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init();
        management = server.createClient();
        management
                .namespaces()
                .resource(new NamespaceBuilder()
                        .withNewMetadata()
                        .withName(NS)
                        .endMetadata()
                        .build())
                .create();
        secret("tkg-cluster-ssh", "kubernetes.io/ssh-auth", Map.of("ssh-privatekey", encode(KEY_TEXT)));
        secret("no-key-ssh", "kubernetes.io/ssh-auth", Map.of("ssh-publickey", encode("ssh-ed25519 AAAA")));
        secret("garbled-ssh", "kubernetes.io/ssh-auth", Map.of("ssh-privatekey", "!!! not base64 !!!"));
        credentials = new SecretSshCredentials(clusterId -> clusterId.equals("unmanaged")
                ? Optional.empty()
                : Optional.of(new SecretLocation(management, NS, clusterId)));
    }

    @AfterEach
    void stop() {
        management.close();
        MockServers.destroy(server);
    }

    @Test
    void reads_the_private_key_of_the_clusters_ssh_secret() throws IOException {
        try (SshPrivateKey key = credentials.privateKey("tkg-cluster")) {
            assertThat(new String(key.open().readAllBytes(), StandardCharsets.US_ASCII))
                    .isEqualTo(KEY_TEXT);
            assertThat(key.source()).isEqualTo("Secret tkg-cluster-ns/tkg-cluster-ssh");
            assertThat(key.toString()).doesNotContain("b3BlbnNzaC1rZXk");
        }
    }

    @Test
    void a_missing_or_unusable_secret_is_a_typed_failure_that_quotes_nothing_of_it() {
        assertReason("unmanaged", FailureReason.POLICY, "has no management cluster");
        assertReason("gone", FailureReason.POLICY, "Secret tkg-cluster-ns/gone-ssh does not exist");
        assertReason("no-key", FailureReason.INVALID_INPUT, "has no ssh-privatekey entry");
        assertReason("garbled", FailureReason.INVALID_INPUT, "is not valid base64");
        assertThatThrownBy(() -> credentials.privateKey("garbled")).hasMessageNotContaining("not base64 !!!");
    }

    @Test
    void a_management_cluster_that_does_not_answer_is_unreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (KubernetesClient down = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:" + closedPort)
                        .withRequestRetryBackoffLimit(0)
                        .build())
                .withHttpClientFactory(new JdkHttpClientFactory())
                .build()) {
            SecretSshCredentials unreachable =
                    new SecretSshCredentials(clusterId -> Optional.of(new SecretLocation(down, NS, clusterId)));

            assertThatThrownBy(() -> unreachable.privateKey("tkg-cluster"))
                    .isInstanceOfSatisfying(NodeAccessException.class, e -> {
                        assertThat(e.reason()).isEqualTo(FailureReason.UNREACHABLE);
                        assertThat(e.getMessage()).contains("reading Secret tkg-cluster-ns/tkg-cluster-ssh");
                    });
        }
    }

    private void assertReason(String cluster, FailureReason reason, String message) {
        assertThatThrownBy(() -> credentials.privateKey(cluster))
                .isInstanceOfSatisfying(NodeAccessException.class, e -> {
                    assertThat(e.reason()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    private void secret(String name, String type, Map<String, String> data) {
        management
                .secrets()
                .inNamespace(NS)
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(NS)
                        .endMetadata()
                        .withType(type)
                        .withData(data)
                        .build())
                .create();
    }

    private static String encode(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }
}
