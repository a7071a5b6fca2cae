package io.certfleet.nodeagent;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.nodeagent.runtime.Pause;
import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.issue.Pem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No response of any operation, successful or failed, carries private key bytes. */
class NoKeyMaterialTest {

    private static final Pattern KEY_BLOCK =
            Pattern.compile("-----BEGIN ([A-Z ]*PRIVATE KEY)-----(.*?)-----END \\1-----", Pattern.DOTALL);
    private static final Pattern KEY_DATA = Pattern.compile("client-key-data:\\s*\"?([A-Za-z0-9+/=]+)");

    @TempDir
    Path root;

    @Test
    void no_response_contains_a_private_key() throws Exception {
        NodeTree tree = NodeTree.create(root);
        // SCAN reads kubelet.conf, which embeds its key next to the certificate, and the KubeletConfiguration
        NodeAgentTest.writeKubeletConf(tree);
        Files.createDirectories(root.resolve("var/lib/kubelet"));
        Files.writeString(root.resolve("var/lib/kubelet/config.yaml"), "rotateCertificates: false\n");
        // a kubeconfig broken right inside its key, and a key file that is not a key
        Path admin = tree.configDir.resolve("admin.conf");
        Files.writeString(admin, Files.readString(admin).replace("client-key-data: ", "client-key-data: {"));
        Files.writeString(
                tree.certDir.resolve("front-proxy-ca.key"),
                Files.readString(tree.certDir.resolve("etcd/ca.key")).substring(0, 90));
        List<String> before = keyLines();
        NodeAgent agent = new NodeAgent(
                root, FakeContainerRuntime.withControlPlane(), Clock.fixed(NodeTree.NOW, ZoneOffset.UTC), Pause.NONE);

        List<String> outputs = new ArrayList<>();
        List<String> secrets = new ArrayList<>(before);
        OperationResult.RenewResult staged = null;
        for (NodeRequest request : List.of(
                NodeRequest.Scan.defaults(),
                new NodeRequest.Backup(null, null),
                NodeRequest.Renew.all(),
                new NodeRequest.Renew(null, null, null, null, "/tmp/csr", null),
                NodeRequest.Scan.defaults(),
                new NodeRequest.Restore(null, "missing"),
                NodeRequest.RestartControlPlane.all())) {
            NodeResponse response = agent.handle(request);
            outputs.add(NodeJson.write(response));
            outputs.add(response.toString());
            // the staged keys are deleted by INSTALL below: remember them now
            secrets.addAll(keyLines());
            if (request instanceof NodeRequest.Renew renew
                    && renew.csrDir() != null
                    && response instanceof NodeResponse.Completed completed) {
                staged = (OperationResult.RenewResult) completed.result();
            }
        }
        assertThat(staged.csrs()).isNotEmpty();
        assertThat(String.join("\n", outputs)).contains("BEGIN CERTIFICATE REQUEST");

        // INSTALL of what an external CA signed (one of them for another key), and client certificates
        List<NodeRequest.SignedCertificate> signed = new ArrayList<>();
        staged.csrs().forEach(csr -> signed.add(new NodeRequest.SignedCertificate(csr.name(), tree.sign(csr))));
        // admin.conf is broken right inside its key: its failure reason must not quote it
        signed.add(new NodeRequest.SignedCertificate(
                "admin.conf", Pem.encodeCertificate(tree.leaves.get("apiserver").certificate())));
        KeyPair management = KeyAlgorithm.EC_P256.generate(new SecureRandom());
        KeyPair forger = KeyAlgorithm.EC_P256.generate(new SecureRandom());
        secrets.addAll(collectFrom(Pem.encodePrivateKey(management.getPrivate())));
        secrets.addAll(collectFrom(Pem.encodePrivateKey(forger.getPrivate())));
        String request = NodeAgentTest.csr(management, management);
        for (NodeRequest next : List.of(
                new NodeRequest.Install(null, "/tmp/csr", signed, null, null),
                new NodeRequest.Install(null, "/tmp/csr", signed, null, null),
                new NodeRequest.IssueClientCertificate(null, "super-admin.conf", request, null, null),
                new NodeRequest.IssueClientCertificate(null, "admin.conf", request, null, null),
                new NodeRequest.IssueClientCertificate(
                        null, "super-admin.conf", NodeAgentTest.csr(management, forger), null, null))) {
            NodeResponse response = agent.handle(next);
            outputs.add(NodeJson.write(response));
            outputs.add(response.toString());
        }
        assertThat(String.join("\n", outputs))
                .contains("\"operation\":\"INSTALL\"")
                .contains("\"operation\":\"ISSUE_CLIENT_CERTIFICATE\"")
                .contains("BEGIN CERTIFICATE-----")
                .contains("\"failed\":[{\"name\":\"admin.conf\"");
        assertThat(root.resolve("tmp/csr/apiserver.key")).as("installed").doesNotExist();

        assertThat(String.join("\n", outputs))
                .contains("admin.conf")
                .contains("front-proxy-ca.key")
                .contains("\"kubeconfigCertificates\":[{\"name\":\"kubelet.conf\"");
        secrets.addAll(keyLines());
        assertThat(secrets).hasSizeGreaterThan(50);
        for (String output : outputs) {
            for (String secret : secrets) {
                assertThat(output).doesNotContain(secret);
            }
            assertThat(output).doesNotContain("PRIVATE KEY");
        }
    }

    /** Body lines of every private key under the node, embedded kubeconfig keys included. */
    private List<String> keyLines() {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                collect(text, lines);
                Matcher data = KEY_DATA.matcher(text);
                while (data.find()) {
                    lines.add(data.group(1)
                            .substring(0, Math.min(64, data.group(1).length())));
                    try {
                        collect(
                                new String(Base64.getMimeDecoder().decode(data.group(1)), StandardCharsets.US_ASCII),
                                lines);
                    } catch (IllegalArgumentException e) {
                        // the deliberately broken one
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    private static List<String> collectFrom(String text) {
        List<String> lines = new ArrayList<>();
        collect(text, lines);
        return lines;
    }

    private static void collect(String text, List<String> lines) {
        Matcher block = KEY_BLOCK.matcher(text);
        while (block.find()) {
            block.group(2)
                    .lines()
                    .map(String::strip)
                    .filter(l -> l.length() >= 40)
                    .forEach(lines::add);
        }
    }
}
