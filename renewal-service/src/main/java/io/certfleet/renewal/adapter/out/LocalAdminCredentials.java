package io.certfleet.renewal.adapter.out;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.certfleet.nodeagent.NodeTarget;
import io.certfleet.renewal.application.AdminCredentials;
import io.certfleet.renewal.application.ClusterApiException;
import io.certfleet.renewal.application.ClusterDirectory;
import io.certfleet.renewal.config.RenewalSettings;
import io.certfleet.renewal.domain.execution.FailureReason;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@link AdminCredentials} of a local node directory: {@code etc/kubernetes/admin.conf}, the embedded credentials of
 * its current context's user. Errors name the file, never its content.
 */
@Singleton
final class LocalAdminCredentials implements AdminCredentials {
    private static final YAMLMapper YAML = new YAMLMapper();

    private final ClusterDirectory clusters;
    private final RenewalSettings settings;

    LocalAdminCredentials(ClusterDirectory clusters, RenewalSettings settings) {
        this.clusters = clusters;
        this.settings = settings;
    }

    @Override
    public Credentials read(NodeTarget node) {
        Path root = LocalNodeAccess.root(clusters, settings, node)
                .orElseThrow(
                        () -> new ClusterApiException(FailureReason.INVALID_INPUT, "no directory for node " + node));
        Path file = root.resolve("etc/kubernetes/admin.conf");
        JsonNode kubeconfig;
        try {
            kubeconfig = YAML.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            // Jackson's messages can quote the document: only say where
            throw new ClusterApiException(
                    FailureReason.INVALID_INPUT,
                    "/etc/kubernetes/admin.conf on " + node + " cannot be read ("
                            + e.getClass().getSimpleName() + ")");
        }
        JsonNode user = KubeconfigCredentials.currentUser(kubeconfig);
        String certificate = user.path("client-certificate-data").asText("");
        String key = user.path("client-key-data").asText("");
        if (certificate.isBlank() || key.isBlank()) {
            throw new ClusterApiException(
                    FailureReason.INVALID_INPUT,
                    "/etc/kubernetes/admin.conf on " + node + " has no embedded client certificate and key");
        }
        return new Credentials(certificate, key);
    }
}
