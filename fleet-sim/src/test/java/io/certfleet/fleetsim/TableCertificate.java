package io.certfleet.fleetsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.certfleet.pki.issue.Pem;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;

/**
 * One row of the seed 003 table as found on a simulated node, read the way an operator would:
 * the {@code .crt}/{@code .pem} file, or the client certificate of a kubeconfig (embedded data
 * extracted to a temporary file, or the file it points at, resolved inside the node's root).
 *
 * @param chain the certificates of the file, leaf first
 * @param pemFile a PEM file holding the leaf, for {@code openssl}
 * @param privateKey the leaf's private key
 */
record TableCertificate(List<X509Certificate> chain, Path pemFile, PrivateKey privateKey) {

    X509Certificate leaf() {
        return chain.get(0);
    }

    static TableCertificate read(SimulatedNode node, KubeadmCertificate row, Path scratch) {
        try {
            Path file = node.path(row);
            if (!row.isKubeconfig()) {
                String pem = Files.readString(file);
                String keyPem = row.keyPath().isPresent()
                        ? Files.readString(node.directory(row.location())
                                .resolve(row.keyPath().get()))
                        : pem;
                return new TableCertificate(Pem.decodeCertificates(pem), file, Pem.decodePrivateKey(keyPem));
            }
            JsonNode user = new YAMLMapper().readTree(file.toFile()).at("/users/0/user");
            if (user.has("client-certificate-data")) {
                String pem = decode(user.path("client-certificate-data").asText());
                Path extracted = Files.createTempFile(scratch, row.kubeadmName() + "-", ".pem");
                Files.writeString(extracted, pem);
                return new TableCertificate(
                        Pem.decodeCertificates(pem),
                        extracted,
                        Pem.decodePrivateKey(decode(user.path("client-key-data").asText())));
            }
            Path certificate = node.hostPath(user.path("client-certificate").asText());
            Path key = node.hostPath(user.path("client-key").asText());
            return new TableCertificate(
                    Pem.decodeCertificates(Files.readString(certificate)),
                    certificate,
                    Pem.decodePrivateKey(Files.readString(key)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }
}
