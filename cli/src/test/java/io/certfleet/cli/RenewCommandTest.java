package io.certfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import io.certfleet.pki.testing.Openssl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance (issue 4): {@code certfleet renew all} on a kubeadm tree made by openssl, checked with
 * openssl: every renewed certificate verifies against its CA, keeps CN/O/SANs/EKU, has a new key that
 * matches it; CA files are byte-identical; the backup holds the originals; the externally managed
 * front-proxy-client is skipped with a reason; no output carries private key bytes.
 */
class RenewCommandTest {

    @TempDir
    Path root;

    private final List<String> outputs = new ArrayList<>();

    private CliRun run(String... args) {
        CliRun run = CliRun.of(args);
        outputs.add(run.all());
        return run;
    }

    private String[] dirs(OpensslRenewTree tree, String... more) {
        List<String> args = new ArrayList<>(
                List.of("--cert-dir", tree.certDir.toString(), "--config-dir", tree.configDir.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    private static String[] concat(String[] head, String... tail) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    @Test
    void renew_all_on_a_tree_made_by_openssl() throws Exception {
        OpensslRenewTree tree = OpensslRenewTree.create(root, 30);
        Map<String, byte[]> before = tree.snapshot();
        List<String> oldKeys = tree.privateKeyFragments();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

        CliRun run = run(concat(new String[] {"renew", "all"}, dirs(tree, "--now", now.toString(), "-o", "json")));

        assertThat(run.exitCode()).as(run.all()).isZero();
        JsonNode json = new ObjectMapper().readTree(run.out());
        List<String> expected = KubeadmCertificate.renewable().stream()
                .map(KubeadmCertificate::kubeadmName)
                .filter(n -> !n.equals("front-proxy-client"))
                .toList();
        assertThat(names(json.path("renewed"))).containsExactlyElementsOf(expected);
        assertThat(json.path("skipped")).singleElement().satisfies(s -> {
            assertThat(s.path("name").asText()).isEqualTo("front-proxy-client");
            assertThat(s.path("reason").asText())
                    .startsWith("externally managed")
                    .contains("front-proxy-ca.key");
        });
        assertThat(json.path("failed")).isEmpty();
        Path backup = Path.of(json.path("backup").asText());
        assertThat(backup.getParent()).isEqualTo(tree.configDir.resolve("tmp").toRealPath());
        assertThat(backup.getFileName().toString()).startsWith("certfleet-backup-");

        // the backup holds every original, byte for byte
        before.forEach((relative, bytes) ->
                assertThat(backup.resolve(relative)).as(relative).hasBinaryContent(bytes));
        // CA files (and the service-account keys) are untouched
        Map<String, byte[]> after = tree.snapshot();
        for (String file : List.of(
                "pki/ca.crt",
                "pki/ca.key",
                "pki/etcd/ca.crt",
                "pki/etcd/ca.key",
                "pki/front-proxy-ca.crt",
                "pki/sa.key",
                "pki/sa.pub",
                "pki/front-proxy-client.crt",
                "pki/front-proxy-client.key",
                "manifests/kube-apiserver.yaml")) {
            assertThat(after.get(file)).as(file).isEqualTo(before.get(file));
        }

        for (JsonNode renewed : json.path("renewed")) {
            KubeadmCertificate cert = KubeadmCertificate.byKubeadmName(
                            renewed.path("name").asText())
                    .orElseThrow();
            Path[] now_ = tree.certificateAndKey(tree.configDir, cert, "new");
            Path[] old = tree.certificateAndKey(backup, cert, "old");
            Path caFile = tree.certDir.resolve(cert.authority().certificatePath());
            String name = cert.kubeadmName();

            assertThat(Openssl.ok(root, "verify", "-CAfile", caFile.toString(), now_[0].toString())
                            .strip())
                    .as(name)
                    .isEqualTo(now_[0] + ": OK");
            assertThat(identity(now_[0])).as(name).isEqualTo(identity(old[0]));
            assertThat(publicKeyOfKey(now_[1]))
                    .as(name + ": the key matches the certificate")
                    .isEqualTo(publicKeyOfCertificate(now_[0]));
            assertThat(publicKeyOfCertificate(now_[0]))
                    .as(name + ": a new key")
                    .isNotEqualTo(publicKeyOfCertificate(old[0]));
            assertThat(keyShape(now_[1])).as(name + ": same algorithm and size").isEqualTo(keyShape(old[1]));
            assertThat(Files.readString(now_[1]))
                    .as(name + ": the key keeps openssl's PKCS#8 form")
                    .startsWith("-----BEGIN PRIVATE KEY-----");
            assertThat(Openssl.endDate(now_[0])).isEqualTo(now.plus(Duration.ofDays(365)));
            assertThat(Instant.parse(renewed.path("newNotAfter").asText())).isEqualTo(now.plus(Duration.ofDays(365)));
            assertThat(Instant.parse(renewed.path("oldNotAfter").asText())).isEqualTo(Openssl.endDate(old[0]));
            assertThat(renewed.path("sha256").asText()).isEqualTo(Openssl.sha256(now_[0]));
            Path live = cert.isKubeconfig() ? tree.configDir.resolve(cert.path()) : tree.certDir.resolve(cert.path());
            assertThat(renewed.path("path").asText()).isEqualTo(live.toString());
            if (!cert.isKubeconfig() || cert == KubeadmCertificate.SCHEDULER_CONF) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(now_[1])))
                        .isEqualTo("rw-------");
            }
        }

        // kubeconfigs: only the two credential values changed; the comment and unknown fields are kept
        String admin = new String(before.get("admin.conf"), java.nio.charset.StandardCharsets.UTF_8);
        String renewedAdmin = Files.readString(tree.configDir.resolve("admin.conf"));
        assertThat(renewedAdmin
                        .replace(
                                OpensslRenewTree.field(renewedAdmin, "client-certificate-data"),
                                OpensslRenewTree.field(admin, "client-certificate-data"))
                        .replace(
                                OpensslRenewTree.field(renewedAdmin, "client-key-data"),
                                OpensslRenewTree.field(admin, "client-key-data")))
                .isEqualTo(admin);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tree.configDir.resolve("admin.conf"))))
                .isEqualTo("rw-------");
        assertThat(tree.configDir.resolve("scheduler.conf")).hasBinaryContent(before.get("scheduler.conf"));

        // a table run afterwards, then the leak check over everything printed
        CliRun table = run(concat(new String[] {"renew", "apiserver"}, dirs(tree)));
        assertThat(table.exitCode()).isZero();
        assertNoKeyMaterial(oldKeys, tree.privateKeyFragments());
    }

    @Test
    void the_table_speaks_kubeadm() {
        OpensslRenewTree tree = OpensslRenewTree.create(root, 30);

        CliRun run = run(concat(new String[] {"renew", "all"}, dirs(tree)));

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(run.out())
                .contains("CERTIFICATE")
                .contains("certificate for serving the Kubernetes API renewed")
                .contains(
                        "certificate embedded in the kubeconfig file for the admin to use and for kubeadm itself renewed")
                .contains("front-proxy-client skipped: externally managed")
                .contains("The configuration directory was backed up to " + tree.configDir + "/tmp/certfleet-backup-")
                .contains("Done renewing certificates. You must restart the kube-apiserver, kube-controller-manager,"
                        + " kube-scheduler and etcd");
        assertThat(run.out()
                        .lines()
                        .filter(l -> l.startsWith("apiserver "))
                        .findFirst()
                        .orElseThrow())
                .contains("renewed");
        assertNoKeyMaterial(tree.privateKeyFragments(), List.of());
    }

    @Test
    void csr_only_writes_requests_openssl_accepts_and_changes_nothing_live() throws Exception {
        OpensslRenewTree tree = OpensslRenewTree.create(root, 30);
        Map<String, byte[]> before = tree.snapshot();
        Path csrDir = root.resolve("csr");

        CliRun run = run(concat(
                new String[] {"renew", "all"}, dirs(tree, "--csr-only", "--csr-dir", csrDir.toString(), "-o", "json")));

        assertThat(run.exitCode()).as(run.all()).isZero();
        assertThat(tree.snapshot()).containsOnlyKeys(before.keySet());
        before.forEach((file, bytes) -> assertThat(tree.configDir.resolve(file)).hasBinaryContent(bytes));
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("backup").isNull()).isTrue();
        assertThat(json.path("csrs")).hasSize(KubeadmCertificate.renewable().size());
        Path csr = csrDir.resolve("apiserver.csr");
        assertThat(Openssl.run(root, "req", "-verify", "-noout", "-in", csr.toString())
                        .stderr())
                .contains("verify OK");
        String subject = Openssl.ok(
                root,
                "req",
                "-noout",
                "-subject",
                "-in",
                csrDir.resolve("apiserver-etcd-client.csr").toString());
        assertThat(subject.strip()).isEqualTo("subject=O = system:masters, CN = kube-apiserver-etcd-client");
        assertThat(Openssl.ok(root, "req", "-noout", "-text", "-in", csr.toString()))
                .contains("DNS:cp-1, DNS:kubernetes, DNS:kubernetes.default");
        assertThat(Openssl.ok(root, "req", "-noout", "-pubkey", "-in", csr.toString()))
                .isEqualTo(publicKeyOfKey(csrDir.resolve("apiserver.key")));
        assertThat(csrDir.resolve("admin.conf.csr")).exists();
        assertThat(Files.readString(csrDir.resolve("admin.conf")))
                .contains("client-key-data")
                .doesNotContain("client-certificate-data");
        assertThat(json.at("/csrs/1/name").asText()).isEqualTo("apiserver");
        assertThat(json.at("/csrs/1/request").asText()).isEqualTo(Files.readString(csr));
        assertThat(StreamSupport.stream(json.at("/csrs/1/usages").spliterator(), false)
                        .map(JsonNode::asText)
                        .toList())
                .containsExactly("digital signature", "key encipherment", "server auth");
        // the output carries the requests, so the public modulus an RSA private key also holds is in it
        assertNoKeyMaterial(notPublic(tree.privateKeyFragments(), csrDir), List.of());
    }

    /** The fragments that do not also occur in a CSR of {@code csrDir} (those are public key data). */
    private static List<String> notPublic(List<String> fragments, Path csrDir) throws java.io.IOException {
        StringBuilder published = new StringBuilder();
        try (var files = Files.walk(csrDir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".csr")).toList()) {
                // line breaks removed: a fragment may straddle two lines of the request
                published.append(Files.readString(file).replace("\n", "")).append('\n');
            }
        }
        return fragments.stream().filter(f -> !published.toString().contains(f)).toList();
    }

    @Test
    void a_renewal_with_an_expired_ca_fails_with_reasons_and_exit_1() {
        OpensslRenewTree tree = OpensslRenewTree.create(root, 30);
        Map<String, byte[]> before = tree.snapshot();
        Instant afterTheCas = Instant.now().plus(Duration.ofDays(3651)).truncatedTo(ChronoUnit.SECONDS);

        CliRun run = run(concat(
                new String[] {"renew", "etcd-server"}, dirs(tree, "--now", afterTheCas.toString(), "-o", "json")));

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("\"failed\"").contains("never signs with an expired CA");
        assertThat(run.err()).contains("etcd-server was not renewed: refused: the etcd-ca CA expired at");
        assertThat(tree.configDir.resolve("tmp")).doesNotExist();
        before.forEach((file, bytes) -> assertThat(tree.configDir.resolve(file)).hasBinaryContent(bytes));
        assertNoKeyMaterial(tree.privateKeyFragments(), List.of());
    }

    @Test
    void usage_errors_name_the_valid_certificates() {
        CliRun unknown =
                run("renew", "apiserver-kubelet", "--cert-dir", root.toString(), "--config-dir", root.toString());
        CliRun csr = run("renew", "all", "--csr-only", "--cert-dir", root.toString(), "--config-dir", root.toString());
        CliRun missing =
                run("renew", "all", "--cert-dir", root.resolve("nope").toString(), "--config-dir", root.toString());

        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err())
                .contains("unknown certificate name 'apiserver-kubelet'")
                .contains("valid names: all, admin.conf, apiserver, apiserver-etcd-client, apiserver-kubelet-client");
        assertThat(csr.exitCode()).isEqualTo(2);
        assertThat(csr.err()).contains("--csr-only needs --csr-dir");
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err())
                .contains("certfleet renew: the certificate directory " + root.resolve("nope") + " does not exist");
    }

    // ---------------------------------------------------------------- openssl views

    /** Subject, SANs, EKU and key usage exactly as openssl prints them. */
    private String identity(Path certificate) {
        return Openssl.ok(
                root,
                "x509",
                "-noout",
                "-subject",
                "-ext",
                "subjectAltName,extendedKeyUsage,keyUsage,basicConstraints",
                "-in",
                certificate.toString());
    }

    private String publicKeyOfCertificate(Path certificate) {
        return Openssl.ok(root, "x509", "-noout", "-pubkey", "-in", certificate.toString());
    }

    private String publicKeyOfKey(Path key) {
        return Openssl.ok(root, "pkey", "-pubout", "-in", key.toString());
    }

    /** "Private-Key: (2048 bit, 2 primes)" / "(256 bit)" and the curve name for EC. */
    private String keyShape(Path key) {
        String text = Openssl.ok(root, "pkey", "-noout", "-text", "-in", key.toString());
        return text.lines()
                .filter(l -> l.startsWith("Private-Key:") || l.startsWith("NIST CURVE:") || l.startsWith("ASN1 OID:"))
                .toList()
                .toString();
    }

    private static List<String> names(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false)
                .map(n -> n.path("name").asText())
                .toList();
    }

    private void assertNoKeyMaterial(List<String> first, List<String> second) {
        List<String> secrets = new ArrayList<>(first);
        secrets.addAll(second);
        assertThat(secrets).hasSizeGreaterThan(30);
        for (String output : outputs) {
            assertThat(output).doesNotContain("PRIVATE KEY");
            for (String secret : secrets) {
                assertThat(output).doesNotContain(secret);
            }
        }
    }
}
