package io.certfleet.pki.kubeconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.certfleet.pki.issue.BouncyCastleCertificateIssuer;
import io.certfleet.pki.issue.CertificateSpec;
import io.certfleet.pki.issue.CertifiedKey;
import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.issue.Pem;
import io.certfleet.pki.issue.PkiFileWriter;
import io.certfleet.pki.issue.Validity;
import io.certfleet.pki.kubeadm.Usage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.ECPrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeconfigWriterTest {

    private final BouncyCastleCertificateIssuer issuer = new BouncyCastleCertificateIssuer(Clock.systemUTC());
    private final KubeconfigWriter writer = new KubeconfigWriter();

    @TempDir
    Path dir;

    @Test
    void embedded_credentials_are_written_like_kubeadm() throws Exception {
        CertifiedKey ca = issuer.createAuthority(
                CertificateSpec.authority("kubernetes-ca")
                        .validity(Validity.fromIssuance(Duration.ofDays(3650)))
                        .build(),
                KeyAlgorithm.EC_P256);
        CertifiedKey admin = issuer.issue(
                CertificateSpec.leaf("kubernetes-admin")
                        .organization("system:masters")
                        .usage(Usage.CLIENT)
                        .validity(Validity.fromIssuance(Duration.ofDays(365)))
                        .build(),
                KeyAlgorithm.EC_P256,
                ca);
        KubeconfigSpec spec = KubeconfigSpec.kubeadm(
                "kubernetes",
                "https://127.10.0.1:6443",
                ca.certificate(),
                "kubernetes-admin",
                new ClientCredentials.Embedded(admin.certificate(), admin.privateKey()));

        Path file = dir.resolve("admin.conf");
        writer.write(spec, file);
        String yaml = Files.readString(file);
        JsonNode root = new YAMLMapper().readTree(yaml);

        assertThat(yaml).startsWith("apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: ");
        assertThat(root.path("kind").asText()).isEqualTo("Config");
        assertThat(root.path("current-context").asText()).isEqualTo("kubernetes-admin@kubernetes");
        assertThat(root.at("/clusters/0/cluster/server").asText()).isEqualTo("https://127.10.0.1:6443");
        assertThat(root.at("/contexts/0/context/user").asText()).isEqualTo("kubernetes-admin");
        assertThat(root.at("/users/0/name").asText()).isEqualTo("kubernetes-admin");
        assertThat(Pem.decodeCertificate(decode(root.at("/clusters/0/cluster/certificate-authority-data"))))
                .isEqualTo(ca.certificate());
        assertThat(Pem.decodeCertificate(decode(root.at("/users/0/user/client-certificate-data"))))
                .isEqualTo(admin.certificate());
        assertThat(decode(root.at("/users/0/user/client-key-data"))).startsWith("-----BEGIN EC PRIVATE KEY-----");
        assertThat(((ECPrivateKey) Pem.decodePrivateKey(decode(root.at("/users/0/user/client-key-data")))).getS())
                .isEqualTo(((ECPrivateKey) admin.privateKey()).getS());
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PkiFileWriter.SECRET);
        assertThat(spec.toString())
                .doesNotContain(
                        root.at("/users/0/user/client-key-data").asText().substring(0, 40));
    }

    @Test
    void file_credentials_reference_paths() throws Exception {
        CertifiedKey ca = issuer.createAuthority(
                CertificateSpec.authority("kubernetes-ca")
                        .validity(Validity.fromIssuance(Duration.ofDays(3650)))
                        .build(),
                KeyAlgorithm.EC_P256);
        String current = "/var/lib/kubelet/pki/kubelet-client-current.pem";
        String yaml = writer.render(new KubeconfigSpec(
                "default-cluster",
                "https://127.10.0.2:6443",
                ca.certificate(),
                "default-auth",
                new ClientCredentials.Files(current, current),
                "default-system"));
        JsonNode root = new YAMLMapper().readTree(yaml);

        assertThat(root.at("/users/0/user/client-certificate").asText()).isEqualTo(current);
        assertThat(root.at("/users/0/user/client-key").asText()).isEqualTo(current);
        assertThat(root.at("/users/0/user/client-key-data").isMissingNode()).isTrue();
        assertThat(root.path("current-context").asText()).isEqualTo("default-system");
    }

    private static String decode(JsonNode node) {
        return new String(Base64.getDecoder().decode(node.asText()), StandardCharsets.US_ASCII);
    }
}
