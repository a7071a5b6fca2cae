package io.certfleet.renewal.adapter.out;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.certfleet.pki.issue.Pem;
import io.certfleet.renewal.application.AdminCredentials;
import io.certfleet.renewal.application.ClusterApiException;
import io.certfleet.renewal.application.ManagementCluster;
import io.certfleet.renewal.domain.execution.FailureReason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/**
 * The client credentials of a kubeconfig's current-context user: read them, or put others in their place (server,
 * CA, names and other fields stay). Messages name fields, never values.
 */
final class KubeconfigCredentials {
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    private KubeconfigCredentials() {}

    /** The result of a replacement. */
    record Replaced(String kubeconfig, boolean changed, String clientCertificateSha256) {
        @Override
        public String toString() {
            return "Replaced[changed=" + changed + ", sha256=" + clientCertificateSha256 + "]";
        }
    }

    /** The {@code user} mapping of the current context's user (a missing node when there is none). */
    static JsonNode currentUser(JsonNode kubeconfig) {
        String context = kubeconfig.path("current-context").asText("");
        String userName = null;
        for (JsonNode entry : kubeconfig.path("contexts")) {
            if (entry.path("name").asText("").equals(context)
                    || kubeconfig.path("contexts").size() == 1) {
                userName = entry.path("context").path("user").asText(null);
            }
        }
        for (JsonNode entry : kubeconfig.path("users")) {
            if (userName == null && kubeconfig.path("users").size() == 1
                    || entry.path("name").asText("").equals(userName)) {
                return entry.path("user");
            }
        }
        return MissingNode.getInstance();
    }

    static Replaced replace(String kubeconfig, AdminCredentials.Credentials credentials) {
        JsonNode root;
        try {
            root = YAML.readTree(kubeconfig);
        } catch (JsonProcessingException e) {
            throw new ClusterApiException(FailureReason.INVALID_INPUT, "the kubeconfig Secret is not valid YAML");
        }
        JsonNode user = currentUser(root);
        if (!(user instanceof ObjectNode fields)) {
            throw new ClusterApiException(
                    FailureReason.INVALID_INPUT, "the kubeconfig Secret has no user for its current context");
        }
        String sha = sha256(credentials.certificateData());
        boolean same = credentials
                        .certificateData()
                        .equals(fields.path("client-certificate-data").asText(""))
                && credentials.keyData().equals(fields.path("client-key-data").asText(""));
        if (same) {
            return new Replaced(kubeconfig, false, sha);
        }
        fields.put("client-certificate-data", credentials.certificateData());
        fields.put("client-key-data", credentials.keyData());
        fields.remove("client-certificate");
        fields.remove("client-key");
        try {
            return new Replaced(YAML.writeValueAsString(root), true, sha);
        } catch (JsonProcessingException e) {
            throw new ClusterApiException(FailureReason.INVALID_INPUT, "cannot write the kubeconfig");
        }
    }

    /** The subject of the current user's client certificate (inline {@code client-certificate-data} only). */
    static ManagementCluster.ClientIdentity identity(String kubeconfig) {
        JsonNode root;
        try {
            root = YAML.readTree(kubeconfig);
        } catch (JsonProcessingException e) {
            throw new ClusterApiException(FailureReason.INVALID_INPUT, "the kubeconfig Secret is not valid YAML");
        }
        String data = currentUser(root).path("client-certificate-data").asText("");
        if (data.isBlank()) {
            throw new ClusterApiException(
                    FailureReason.INVALID_INPUT,
                    "the kubeconfig Secret's current user has no client-certificate-data: no identity to renew");
        }
        try {
            String pem = new String(Base64.getDecoder().decode(data.strip()), StandardCharsets.UTF_8);
            X500Name subject = X500Name.getInstance(
                    Pem.decodeCertificate(pem).getSubjectX500Principal().getEncoded());
            return new ManagementCluster.ClientIdentity(
                    X500Values.of(subject, BCStyle.CN).stream().findFirst().orElse(""),
                    X500Values.of(subject, BCStyle.O));
        } catch (IllegalArgumentException | io.certfleet.pki.issue.IssuanceException e) {
            throw new ClusterApiException(
                    FailureReason.INVALID_INPUT, "client-certificate-data is not a PEM certificate");
        }
    }

    /** SHA-256 of the certificate in base64 {@code client-certificate-data}. */
    static String sha256(String certificateData) {
        try {
            String pem = new String(Base64.getDecoder().decode(certificateData.strip()), StandardCharsets.UTF_8);
            byte[] der = Pem.decodeCertificate(pem).getEncoded();
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        } catch (IllegalArgumentException
                | java.security.cert.CertificateEncodingException
                | NoSuchAlgorithmException
                | io.certfleet.pki.issue.IssuanceException e) {
            throw new ClusterApiException(
                    FailureReason.INVALID_INPUT, "client-certificate-data is not a PEM certificate");
        }
    }
}
