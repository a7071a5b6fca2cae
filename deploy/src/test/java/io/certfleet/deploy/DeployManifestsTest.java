package io.certfleet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the manifests to the rules the design sets: the services pass the "restricted" Pod Security
 * Standard (seed 003), only the node-agent namespace is privileged, every workload has its own
 * service account, and nothing is reachable without a NetworkPolicy saying so.
 */
class DeployManifestsTest {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<JsonNode> base = new ArrayList<>();
    private static final List<JsonNode> nodeAgent = new ArrayList<>();

    @BeforeAll
    static void load() throws IOException {
        base.addAll(documents(Path.of("base")));
        nodeAgent.addAll(documents(Path.of("node-agent")));
    }

    private static List<JsonNode> documents(Path dir) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file :
                    files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (file.getFileName().toString().equals("kustomization.yaml")) {
                    continue;
                }
                try (YAMLParser parser = (YAMLParser) YAML.getFactory().createParser(file.toFile())) {
                    YAML.readValues(parser, JsonNode.class).readAll().stream()
                            .filter(doc -> doc != null && doc.has("kind"))
                            .forEach(docs::add);
                }
            }
        }
        return docs;
    }

    private static List<JsonNode> kind(List<JsonNode> docs, String kind) {
        return docs.stream().filter(d -> kind.equals(d.path("kind").asText())).toList();
    }

    @Test
    void everyServiceHasADeploymentServiceAndServiceAccount() {
        Set<String> expected = Set.of("scanner-service", "renewal-service", "upgrade-service", "notifier-service");
        assertThat(names(kind(base, "Deployment"))).isEqualTo(expected);
        assertThat(names(kind(base, "Service"))).isEqualTo(expected);
        assertThat(names(kind(base, "ServiceAccount"))).isEqualTo(expected);
        for (JsonNode deployment : kind(base, "Deployment")) {
            assertThat(deployment.at("/spec/template/spec/serviceAccountName").asText())
                    .isEqualTo(deployment.at("/metadata/name").asText());
        }
    }

    @Test
    void servicesPassTheRestrictedPodSecurityStandard() {
        JsonNode namespace = kind(base, "Namespace").get(0);
        assertThat(namespace
                        .at("/metadata/labels/pod-security.kubernetes.io~1enforce")
                        .asText())
                .isEqualTo("restricted");
        for (JsonNode deployment : kind(base, "Deployment")) {
            JsonNode pod = deployment.at("/spec/template/spec");
            String name = deployment.at("/metadata/name").asText();
            assertThat(pod.at("/securityContext/runAsNonRoot").asBoolean())
                    .as(name)
                    .isTrue();
            assertThat(pod.at("/securityContext/seccompProfile/type").asText())
                    .as(name)
                    .isEqualTo("RuntimeDefault");
            assertThat(pod.path("hostNetwork").asBoolean(false)).as(name).isFalse();
            for (JsonNode container : pod.path("containers")) {
                JsonNode sc = container.path("securityContext");
                assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true))
                        .as(name)
                        .isFalse();
                assertThat(sc.path("readOnlyRootFilesystem").asBoolean(false))
                        .as(name)
                        .isTrue();
                assertThat(sc.at("/capabilities/drop").toString()).as(name).contains("ALL");
                assertThat(container.at("/resources/limits/memory").isMissingNode())
                        .as(name)
                        .isFalse();
                assertThat(container.path("readinessProbe").isMissingNode())
                        .as(name)
                        .isFalse();
            }
            for (JsonNode volume : pod.path("volumes")) {
                assertThat(volume.has("hostPath"))
                        .as(name + " must not mount host paths")
                        .isFalse();
            }
        }
    }

    @Test
    void onlyTheNodeAgentNamespaceIsPrivileged() {
        JsonNode namespace = kind(nodeAgent, "Namespace").get(0);
        assertThat(namespace.at("/metadata/name").asText()).isEqualTo("certfleet-node-agent");
        assertThat(namespace
                        .at("/metadata/labels/pod-security.kubernetes.io~1enforce")
                        .asText())
                .isEqualTo("privileged");
        assertThat(kind(nodeAgent, "Role").get(0).toString()).contains("jobs").doesNotContain("secrets");
    }

    @Test
    void trafficIsDeniedUnlessAPolicyAllowsIt() {
        JsonNode deny = kind(base, "NetworkPolicy").stream()
                .filter(p -> p.at("/metadata/name").asText().equals("default-deny"))
                .findFirst()
                .orElseThrow();
        assertThat(deny.at("/spec/podSelector").size()).isZero();
        assertThat(deny.at("/spec/policyTypes").toString()).contains("Ingress", "Egress");
    }

    @Test
    void noSecretValuesAreWrittenInTheManifests() {
        assertThat(kind(base, "Secret")).isEmpty();
        for (JsonNode deployment : kind(base, "Deployment")) {
            for (JsonNode env : deployment.at("/spec/template/spec/containers/0/env")) {
                if (env.path("name").asText().contains("PASSWORD")) {
                    assertThat(env.has("valueFrom")).isTrue();
                    assertThat(env.has("value")).isFalse();
                }
            }
        }
    }

    @Test
    void everyServiceTakesItsApiTokensFromTheSecret() {
        for (JsonNode deployment : kind(base, "Deployment")) {
            String name = deployment.at("/metadata/name").asText();
            JsonNode container = deployment.at("/spec/template/spec/containers/0");
            List<JsonNode> tokenSources = new ArrayList<>();
            container.path("envFrom").forEach(tokenSources::add);
            assertThat(tokenSources)
                    .as(name + " loads certfleet.api.tokens from the Secret, which production must have")
                    .anySatisfy(source -> {
                        assertThat(source.path("prefix").asText()).isEqualTo("CERTFLEET_API_TOKENS_");
                        assertThat(source.at("/secretRef/name").asText()).isEqualTo("certfleet-api-tokens");
                        assertThat(source.at("/secretRef/optional").asBoolean(false))
                                .isFalse();
                    });
            assertThat(tokenSources)
                    .as(name + " may load certfleet.api.clusters from its optional ConfigMap")
                    .anySatisfy(source -> {
                        assertThat(source.path("prefix").asText()).isEqualTo("CERTFLEET_API_CLUSTERS_");
                        assertThat(source.at("/configMapRef/name").asText()).isEqualTo("certfleet-api-clusters");
                        assertThat(source.at("/configMapRef/optional").asBoolean(false))
                                .isTrue();
                    });
            for (JsonNode env : container.path("env")) {
                assertThat(env.path("name").asText())
                        .as(name + ": API tokens come only from the Secret")
                        .doesNotStartWith("CERTFLEET_API_TOKENS");
            }
        }
    }

    private static Set<String> names(List<JsonNode> docs) {
        return docs.stream().map(d -> d.at("/metadata/name").asText()).collect(Collectors.toSet());
    }
}
