package io.certfleet.nodeagent;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.nodeagent.NodeRequest.Renew;
import io.certfleet.nodeagent.NodeRequest.RestartControlPlane;
import io.certfleet.nodeagent.OperationResult.KubeletScan;
import io.certfleet.nodeagent.OperationResult.Presence;
import io.certfleet.nodeagent.OperationResult.RenewResult;
import io.certfleet.nodeagent.OperationResult.RenewedCertificate;
import io.certfleet.nodeagent.OperationResult.RestartResult;
import io.certfleet.nodeagent.OperationResult.RestartStatus;
import io.certfleet.nodeagent.OperationResult.ScanResult;
import io.certfleet.nodeagent.OperationResult.ScannedCertificate;
import io.certfleet.nodeagent.OperationResult.VerifyResult;
import io.certfleet.nodeagent.runtime.ContainerRuntimeException;
import io.certfleet.nodeagent.runtime.Pause;
import io.certfleet.pki.issue.BouncyCastleCertificateIssuer;
import io.certfleet.pki.issue.CertificateSpec;
import io.certfleet.pki.issue.CertifiedKey;
import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.issue.Pem;
import io.certfleet.pki.issue.Validity;
import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import io.certfleet.pki.kubeconfig.ClientCredentials;
import io.certfleet.pki.kubeconfig.KubeconfigSpec;
import io.certfleet.pki.kubeconfig.KubeconfigWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeAgentTest {

    @TempDir
    Path root;

    private final FakeContainerRuntime runtime = FakeContainerRuntime.withControlPlane();

    private NodeAgent agent() {
        return new NodeAgent(root, runtime, Clock.fixed(NodeTree.NOW, ZoneOffset.UTC), Pause.NONE);
    }

    @Test
    void scan_reports_the_node_with_node_paths() {
        NodeTree.create(root);

        NodeResponse response = agent().handle(NodeRequest.Scan.defaults());

        assertThat(response.exitCode()).isZero();
        ScanResult scan = (ScanResult) ((NodeResponse.Completed) response).result();
        assertThat(scan.now()).isEqualTo(NodeTree.NOW);
        ScannedCertificate apiserver = scan.certificates().stream()
                .filter(c -> c.name().equals("apiserver"))
                .findFirst()
                .orElseThrow();
        assertThat(apiserver.path()).isEqualTo("/etc/kubernetes/pki/apiserver.crt");
        assertThat(apiserver.presence()).isEqualTo(Presence.PRESENT);
        assertThat(apiserver.facts().notAfter()).isEqualTo(NodeTree.ISSUED.plus(Duration.ofDays(365)));
        assertThat(apiserver.residualSeconds()).isEqualTo(Duration.ofDays(65).toSeconds());
        assertThat(apiserver.certificateAuthority()).isEqualTo("ca");
        assertThat(scan.certificates()).anySatisfy(c -> {
            assertThat(c.name()).isEqualTo("kubelet-client");
            assertThat(c.presence()).isEqualTo(Presence.MISSING);
            assertThat(c.path()).isEqualTo("/var/lib/kubelet/pki/kubelet-client-current.pem");
        });
        assertThat(scan.authorities()).extracting(ScannedCertificate::name).contains("ca", "etcd-ca", "front-proxy-ca");
    }

    @Test
    void scan_reports_the_certificate_kubelet_conf_embeds_and_that_rotation_is_off() throws Exception {
        NodeTree tree = NodeTree.create(root);
        CertifiedKey kubelet = writeKubeletConf(tree);
        Path config = root.resolve("var/lib/kubelet/config.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(
                config,
                "apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\n"
                        + "rotateCertificates: false\n");

        ScanResult scan = (ScanResult) ((NodeResponse.Completed) agent().handle(NodeRequest.Scan.defaults())).result();

        KubeletScan part = scan.kubelet();
        assertThat(part.kubeconfig()).isEqualTo("/etc/kubernetes/kubelet.conf");
        assertThat(part.kubeconfigCertificates()).singleElement().satisfies(row -> {
            assertThat(row.name()).isEqualTo("kubelet.conf");
            assertThat(row.path()).isEqualTo("/etc/kubernetes/kubelet.conf");
            assertThat(row.presence()).isEqualTo(Presence.PRESENT);
            assertThat(row.index()).isZero();
            assertThat(row.facts().sha256()).isEqualTo(sha256(kubelet.certificate()));
            assertThat(row.facts().subject()).contains("system:node:cp-1");
            assertThat(row.residualSeconds()).isEqualTo(Duration.ofDays(65).toSeconds());
            assertThat(row.certificateAuthority()).isEqualTo("ca");
            assertThat(row.externallyManaged()).isFalse();
        });
        assertThat(part.config()).isEqualTo("/var/lib/kubelet/config.yaml");
        assertThat(part.rotateCertificates()).isFalse();
        assertThat(part.rotateCertificatesValue()).isEqualTo("false");
        assertThat(scan.certificates())
                .as("check-expiration's rows stay as kubeadm lists them")
                .extracting(ScannedCertificate::name)
                .doesNotContain("kubelet.conf");
        assertThat(scan.errors()).isEmpty();
    }

    @Test
    void scan_without_the_kubelet_files_says_so_without_errors() {
        NodeTree.create(root);

        ScanResult scan = (ScanResult) ((NodeResponse.Completed) agent().handle(NodeRequest.Scan.defaults())).result();

        assertThat(scan.kubelet().kubeconfigCertificates()).singleElement().satisfies(row -> {
            assertThat(row.presence()).isEqualTo(Presence.MISSING);
            assertThat(row.path()).isEqualTo("/etc/kubernetes/kubelet.conf");
        });
        assertThat(scan.kubelet().rotateCertificates())
                .as("no KubeletConfiguration")
                .isNull();
        assertThat(scan.kubelet().rotateCertificatesValue()).isNull();
        assertThat(scan.errors()).isEmpty();
    }

    @Test
    void scan_follows_no_file_reference_and_reads_the_configuration_beside_the_kubelet_directory() throws Exception {
        NodeTree.create(root);
        Files.writeString(root.resolve("etc/kubernetes/kubelet.conf"), """
                apiVersion: v1
                kind: Config
                current-context: default-auth@kubernetes
                contexts:
                - context: {cluster: kubernetes, user: default-auth}
                  name: default-auth@kubernetes
                users:
                - name: default-auth
                  user:
                    client-certificate: /var/lib/kubelet/pki/kubelet-client-current.pem
                    client-key: /var/lib/kubelet/pki/kubelet-client-current.pem
                """);
        Path config = root.resolve("srv/kubelet/config.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "rotateCertificates: [ MIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n");
        NodeRequest.Scan request = new NodeRequest.Scan(new NodeDirectories(null, null, "/srv/kubelet/pki"), null);

        ScanResult scan = (ScanResult) ((NodeResponse.Completed) agent().handle(request)).result();

        assertThat(scan.kubelet().kubeconfigCertificates())
                .as("the referenced file is the kubelet-client row")
                .isEmpty();
        assertThat(scan.kubelet().config()).isEqualTo("/srv/kubelet/config.yaml");
        assertThat(scan.kubelet().rotateCertificates()).isNull();
        assertThat(scan.errors()).singleElement().satisfies(e -> {
            assertThat(e.path()).isEqualTo("/srv/kubelet/config.yaml");
            assertThat(e.reason()).isEqualTo("not a readable KubeletConfiguration (not valid YAML)");
        });
        assertThat(NodeJson.write(scan)).doesNotContain("MIIEvQ");
    }

    private static String sha256(java.security.cert.X509Certificate certificate) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
    }

    /** An old {@code kubeadm init} node's kubelet.conf: the node's client certificate and key embedded. */
    static CertifiedKey writeKubeletConf(NodeTree tree) {
        KubeadmCertificate cert = KubeadmCertificate.KUBELET_CONF;
        CertifiedKey leaf = new BouncyCastleCertificateIssuer(Clock.fixed(NodeTree.ISSUED, ZoneOffset.UTC))
                .issue(
                        CertificateSpec.leaf(cert.commonName(NodeTree.NODE))
                                .organization(cert.organizations().get(0))
                                .usages(cert.usages())
                                .validity(Validity.between(NodeTree.ISSUED, NodeTree.ISSUED.plus(Duration.ofDays(365))))
                                .build(),
                        KeyAlgorithm.EC_P256,
                        tree.authorities.get(CertificateAuthority.CA));
        new KubeconfigWriter()
                .write(
                        KubeconfigSpec.kubeadm(
                                "kubernetes",
                                "https://127.0.0.1:6443",
                                tree.authorities.get(CertificateAuthority.CA).certificate(),
                                cert.kubeconfigUser().orElseThrow(),
                                new ClientCredentials.Embedded(leaf.certificate(), leaf.privateKey())),
                        tree.configDir.resolve(cert.path()));
        return leaf;
    }

    @Test
    void renew_backs_up_renews_and_a_rescan_sees_the_new_expiry() throws Exception {
        NodeTree tree = NodeTree.create(root);
        Files.delete(tree.certDir.resolve("front-proxy-ca.key"));

        NodeResponse response = agent().handle(Renew.all());

        assertThat(response.exitCode()).isZero();
        RenewResult renew = (RenewResult) ((NodeResponse.Completed) response).result();
        assertThat(renew.renewed()).hasSize(KubeadmCertificate.renewable().size() - 1);
        assertThat(renew.renewed()).first().satisfies(r -> {
            assertThat(r.name()).isEqualTo("admin.conf");
            assertThat(r.path()).isEqualTo("/etc/kubernetes/admin.conf");
            assertThat(r.newNotAfter()).isEqualTo(NodeTree.NOW.plus(Duration.ofDays(365)));
        });
        assertThat(renew.skipped())
                .singleElement()
                .satisfies(s -> assertThat(s.reason()).startsWith("externally managed"));
        assertThat(renew.backup()).startsWith("/etc/kubernetes/tmp/certfleet-backup-");
        assertThat(root.resolve(renew.backup().substring(1)).resolve("pki/apiserver.crt"))
                .hasBinaryContent(
                        Pem.encodeCertificate(tree.leaves.get("apiserver").certificate())
                                .getBytes());

        ScanResult rescan =
                (ScanResult) ((NodeResponse.Completed) agent().handle(NodeRequest.Scan.defaults())).result();
        assertThat(rescan.certificates())
                .filteredOn(c -> c.name().equals("apiserver"))
                .singleElement()
                .satisfies(c -> {
                    assertThat(c.facts().notAfter()).isEqualTo(NodeTree.NOW.plus(Duration.ofDays(365)));
                    assertThat(c.facts().sha256())
                            .isEqualTo(renew.renewed().stream()
                                    .filter(r -> r.name().equals("apiserver"))
                                    .findFirst()
                                    .orElseThrow()
                                    .sha256());
                });
    }

    @Test
    void renew_with_csr_only_and_a_fixed_now() throws Exception {
        NodeTree.create(root);

        NodeResponse response = agent().handle(new Renew(
                null,
                List.of("apiserver", "admin.conf"),
                30,
                null,
                "/var/tmp/csr",
                NodeTree.NOW.plus(Duration.ofDays(1))));

        RenewResult renew = (RenewResult) ((NodeResponse.Completed) response).result();
        assertThat(renew.csrs())
                .extracting(OperationResult.GeneratedCsr::csr)
                .containsExactly("/var/tmp/csr/apiserver.csr", "/var/tmp/csr/admin.conf.csr");
        assertThat(renew.backup()).isNull();
        assertThat(renew.now()).isEqualTo(NodeTree.NOW.plus(Duration.ofDays(1)));
        assertThat(root.resolve("var/tmp/csr/apiserver.key")).exists();
    }

    @Test
    void staged_keys_that_will_not_be_installed_are_discarded_but_never_the_live_ones() {
        NodeTree.create(root);
        agent().handle(new Renew(null, List.of("apiserver", "admin.conf"), 30, null, "/etc/kubernetes/tmp/csr", null));
        assertThat(root.resolve("etc/kubernetes/tmp/csr/apiserver.key")).exists();

        NodeResponse discarded = agent().handle(new NodeRequest.DiscardStaged(null, "/etc/kubernetes/tmp/csr"));
        NodeResponse live = agent().handle(new NodeRequest.DiscardStaged(null, "/etc/kubernetes/pki"));

        assertThat(discarded)
                .isInstanceOfSatisfying(
                        NodeResponse.Completed.class,
                        c -> assertThat(c.result())
                                .isEqualTo(new OperationResult.StagedDiscarded(
                                        "/etc/kubernetes/tmp/csr", List.of("admin.conf", "apiserver"))));
        assertThat(root.resolve("etc/kubernetes/tmp/csr")).doesNotExist();
        assertThat(live).isInstanceOfSatisfying(NodeResponse.Failed.class, f -> {
            assertThat(f.operation()).isEqualTo(Operation.DISCARD_STAGED);
            assertThat(f.error().reason()).isEqualTo(FailureReason.INVALID_INPUT);
            assertThat(f.error().message()).contains("is the certificate directory");
        });
        assertThat(root.resolve("etc/kubernetes/pki/apiserver.key")).exists();
    }

    @Test
    void external_ca_mode_stages_csrs_then_installs_what_the_external_ca_signed() throws Exception {
        NodeTree tree = NodeTree.create(root);
        Files.delete(tree.certDir.resolve("ca.key"));
        byte[] caCertificate = Files.readAllBytes(tree.certDir.resolve("ca.crt"));

        RenewResult staged = (RenewResult) ((NodeResponse.Completed) agent().handle(
                                new Renew(null, List.of("apiserver", "admin.conf"), null, null, "/var/tmp/csr", null)))
                .result();

        assertThat(staged.csrs())
                .extracting(OperationResult.GeneratedCsr::name)
                .containsExactly("apiserver", "admin.conf");
        assertThat(staged.csrs()).allSatisfy(csr -> {
            assertThat(csr.request()).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
            assertThat(root.resolve(csr.csr().substring(1))).hasContent(csr.request());
        });
        assertThat(staged.csrs().get(0).usages()).containsExactly("digital signature", "server auth");
        assertThat(staged.csrs().get(1).usages()).containsExactly("digital signature", "client auth");
        List<NodeRequest.SignedCertificate> signed = staged.csrs().stream()
                .map(csr -> new NodeRequest.SignedCertificate(csr.name(), tree.sign(csr)))
                .toList();

        NodeResponse response = agent().handle(new NodeRequest.Install(null, "/var/tmp/csr", signed, null, null));

        assertThat(response.exitCode()).isZero();
        OperationResult.InstallResult installed =
                (OperationResult.InstallResult) ((NodeResponse.Completed) response).result();
        assertThat(installed.failed()).isEmpty();
        assertThat(installed.renewed()).extracting(RenewedCertificate::name).containsExactly("apiserver", "admin.conf");
        assertThat(installed.renewed().get(0).path()).isEqualTo("/etc/kubernetes/pki/apiserver.crt");
        assertThat(installed.backup()).startsWith("/etc/kubernetes/tmp/certfleet-backup-");
        assertThat(installed.now()).isEqualTo(NodeTree.NOW);
        assertThat(root.resolve("var/tmp/csr/apiserver.key")).doesNotExist();
        assertThat(root.resolve("var/tmp/csr/admin.conf")).doesNotExist();
        assertThat(tree.certDir.resolve("ca.crt")).hasBinaryContent(caCertificate);
        ScanResult rescan =
                (ScanResult) ((NodeResponse.Completed) agent().handle(NodeRequest.Scan.defaults())).result();
        for (RenewedCertificate renewed : installed.renewed()) {
            assertThat(rescan.certificates())
                    .filteredOn(c -> c.name().equals(renewed.name()))
                    .singleElement()
                    .satisfies(c -> assertThat(c.facts().sha256()).isEqualTo(renewed.sha256()));
        }

        // installing again is harmless; an unstaged certificate is refused with exit code 1
        NodeResponse again = agent().handle(new NodeRequest.Install(null, "/var/tmp/csr", signed, null, null));
        assertThat(((OperationResult.InstallResult) ((NodeResponse.Completed) again).result()).backup())
                .isNull();
        assertThat(again.exitCode()).isZero();
        NodeResponse unstaged = agent().handle(new NodeRequest.Install(
                null,
                "/var/tmp/csr",
                List.of(new NodeRequest.SignedCertificate(
                        "apiserver-kubelet-client", signed.get(0).certificate())),
                null,
                null));
        assertThat(unstaged.exitCode()).isEqualTo(1);
        assertThat(((OperationResult.InstallResult) ((NodeResponse.Completed) unstaged).result()).failed())
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.reason()).startsWith("no CSR staged for apiserver-kubelet-client in ");
                    assertThat(f.retryable()).isFalse();
                });
    }

    @Test
    void install_refuses_requests_it_cannot_carry_out() {
        NodeTree tree = NodeTree.create(root);
        var certificate = new NodeRequest.SignedCertificate(
                "apiserver", Pem.encodeCertificate(tree.leaves.get("apiserver").certificate()));

        NodeResponse outside =
                agent().handle(new NodeRequest.Install(null, "/../../tmp/csr", List.of(certificate), null, null));
        NodeResponse twice = agent().handle(
                        new NodeRequest.Install(null, "/var/tmp/csr", List.of(certificate, certificate), null, null));
        NodeResponse empty = agent().handle(new NodeRequest.Install(null, "/var/tmp/csr", List.of(), null, null));
        NodeResponse live =
                agent().handle(new NodeRequest.Install(null, "/etc/kubernetes/pki", List.of(certificate), null, null));

        assertThat(outside).isInstanceOfSatisfying(NodeResponse.Failed.class, f -> {
            assertThat(f.operation()).isEqualTo(Operation.INSTALL);
            assertThat(f.error().reason()).isEqualTo(FailureReason.POLICY);
            assertThat(f.error().message()).contains("leaves the node's file system");
        });
        assertThat(twice)
                .isInstanceOfSatisfying(
                        NodeResponse.Failed.class,
                        f -> assertThat(f.error().message()).isEqualTo("certificate 'apiserver' is given twice"));
        assertThat(empty)
                .isInstanceOfSatisfying(
                        NodeResponse.Failed.class,
                        f -> assertThat(f.error().message()).isEqualTo("no signed certificate given"));
        assertThat(live)
                .isInstanceOfSatisfying(
                        NodeResponse.Failed.class,
                        f -> assertThat(f.error().message()).contains("is the certificate directory"));
        assertThat(List.of(twice, empty, live))
                .allSatisfy(r -> assertThat(r.exitCode()).isEqualTo(2));
    }

    @Test
    void issues_a_client_certificate_with_the_admin_identity_for_a_key_from_elsewhere() throws Exception {
        NodeTree tree = NodeTree.create(root);
        var management = io.certfleet.pki.issue.KeyAlgorithm.EC_P256.generate(new java.security.SecureRandom());
        String request = csr(management, management);

        NodeResponse response =
                agent().handle(new NodeRequest.IssueClientCertificate(null, "admin.conf", request, 30, null));

        assertThat(response.exitCode()).isZero();
        OperationResult.ClientCertificateIssued issued =
                (OperationResult.ClientCertificateIssued) ((NodeResponse.Completed) response).result();
        var certificate = Pem.decodeCertificate(issued.certificate());
        certificate.verify(
                tree.authorities.get(CertificateAuthority.CA).certificate().getPublicKey());
        assertThat(certificate.getPublicKey()).isEqualTo(management.getPublic());
        assertThat(certificate.getSubjectX500Principal())
                .isEqualTo(tree.leaves.get("admin.conf").certificate().getSubjectX500Principal());
        assertThat(issued.name()).isEqualTo("admin.conf");
        assertThat(issued.notAfter()).isEqualTo(NodeTree.NOW.plus(Duration.ofDays(30)));
        assertThat(issued.sha256())
                .isEqualTo(HexFormat.of()
                        .formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded())));

        NodeResponse notAdmin =
                agent().handle(new NodeRequest.IssueClientCertificate(null, "scheduler.conf", request, null, null));
        assertThat(notAdmin).isInstanceOfSatisfying(NodeResponse.Failed.class, f -> {
            assertThat(f.operation()).isEqualTo(Operation.ISSUE_CLIENT_CERTIFICATE);
            assertThat(f.error().reason()).isEqualTo(FailureReason.INVALID_INPUT);
        });
        assertThat(notAdmin.exitCode()).isEqualTo(2);
        var other = io.certfleet.pki.issue.KeyAlgorithm.EC_P256.generate(new java.security.SecureRandom());
        NodeResponse forged = agent().handle(
                        new NodeRequest.IssueClientCertificate(null, "admin.conf", csr(management, other), null, null));
        assertThat(forged)
                .isInstanceOfSatisfying(
                        NodeResponse.Failed.class,
                        f -> assertThat(f.error().message()).contains("does not verify with its own public key"));

        Files.delete(tree.certDir.resolve("ca.key"));
        NodeResponse external =
                agent().handle(new NodeRequest.IssueClientCertificate(null, "admin.conf", request, null, null));
        assertThat(external).isInstanceOfSatisfying(NodeResponse.Failed.class, f -> {
            assertThat(f.error().reason()).isEqualTo(FailureReason.POLICY);
            assertThat(f.error().retryable()).isFalse();
            assertThat(f.error().message()).contains("externally managed");
        });
        assertThat(external.exitCode()).isEqualTo(1);
    }

    /** A PKCS#10 request for {@code subject}'s public key, signed with {@code signer}'s private key. */
    static String csr(java.security.KeyPair subject, java.security.KeyPair signer) throws Exception {
        var request = new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder(
                        new org.bouncycastle.asn1.x500.X500Name("CN=management"), subject.getPublic())
                .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                        .build(signer.getPrivate()));
        var out = new java.io.StringWriter();
        try (var writer = new org.bouncycastle.util.io.pem.PemWriter(out)) {
            writer.writeObject(new org.bouncycastle.util.io.pem.PemObject("CERTIFICATE REQUEST", request.getEncoded()));
        }
        return out.toString();
    }

    @Test
    void an_unknown_certificate_name_is_invalid_input_with_exit_code_2() {
        NodeTree.create(root);

        NodeResponse response = agent().handle(new Renew(null, List.of("apiserver-typo"), null, null, null, null));

        assertThat(response).isInstanceOfSatisfying(NodeResponse.Failed.class, failed -> {
            assertThat(failed.operation()).isEqualTo(Operation.RENEW);
            assertThat(failed.error().reason()).isEqualTo(FailureReason.INVALID_INPUT);
            assertThat(failed.error().retryable()).isFalse();
            assertThat(failed.error().message()).contains("valid names: all, admin.conf");
        });
        assertThat(response.exitCode()).isEqualTo(2);
    }

    @Test
    void a_path_leaving_the_node_root_is_refused() {
        NodeResponse response = agent().handle(
                        new NodeRequest.Backup(new NodeDirectories("/etc/kubernetes", null, null), "/../../outside"));

        assertThat(response).isInstanceOfSatisfying(NodeResponse.Failed.class, failed -> {
            assertThat(failed.error().reason()).isEqualTo(FailureReason.POLICY);
            assertThat(failed.error().message()).contains("leaves the node's file system");
        });
        assertThat(response.exitCode()).isEqualTo(1);
    }

    @Test
    void backup_and_restore_by_name() throws Exception {
        NodeTree tree = NodeTree.create(root);
        byte[] original = Files.readAllBytes(tree.certDir.resolve("apiserver.key"));

        NodeResponse backup = agent().handle(new NodeRequest.Backup(null, null));
        OperationResult.BackupResult taken = (OperationResult.BackupResult) ((NodeResponse.Completed) backup).result();
        assertThat(taken.backup()).isEqualTo("/etc/kubernetes/tmp/certfleet-backup-2026-10-28-00-00-00");
        assertThat(taken.files())
                .as("3 CAs and 7 leaves with their keys, 4 kubeconfigs")
                .isEqualTo(24);
        Files.writeString(tree.certDir.resolve("apiserver.key"), "broken");

        NodeResponse restore = agent().handle(new NodeRequest.Restore(null, "certfleet-backup-2026-10-28-00-00-00"));

        assertThat(restore.exitCode()).isZero();
        assertThat(((OperationResult.RestoreResult) ((NodeResponse.Completed) restore).result()).restored())
                .contains("/etc/kubernetes/pki/apiserver.key");
        assertThat(tree.certDir.resolve("apiserver.key")).hasBinaryContent(original);
        assertThat(agent().handle(new NodeRequest.Restore(null, "no-such-backup"))
                        .exitCode())
                .isEqualTo(2);
    }

    @Test
    void restart_stops_each_static_pod_and_waits_for_its_replacement_but_leaves_etcd_defrag_alone() {
        NodeResponse response = agent().handle(RestartControlPlane.all());

        RestartResult restart = (RestartResult) ((NodeResponse.Completed) response).result();
        assertThat(restart.components())
                .extracting(OperationResult.ComponentRestart::name)
                .containsExactly("kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd");
        assertThat(restart.components()).allSatisfy(c -> {
            assertThat(c.status()).isEqualTo(RestartStatus.RESTARTED);
            assertThat(c.stopped()).hasSize(1);
            assertThat(c.replacements()).hasSize(1).doesNotContainAnyElementsOf(c.stopped());
        });
        assertThat(runtime.stopped).hasSize(4).noneMatch(id -> id.startsWith("etcd-defrag"));
        assertThat(response.exitCode()).isZero();
    }

    @Test
    void restart_reports_a_component_not_running_or_not_replaced() {
        runtime.running.remove("etcd");
        runtime.kubeletReplaces = false;

        NodeResponse response = agent().handle(new RestartControlPlane(List.of("kube-apiserver", "etcd"), true, 3));

        RestartResult restart = (RestartResult) ((NodeResponse.Completed) response).result();
        assertThat(restart.components())
                .extracting(OperationResult.ComponentRestart::status)
                .containsExactly(RestartStatus.NOT_REPLACED, RestartStatus.NOT_RUNNING);
        assertThat(response.exitCode()).isEqualTo(1);
    }

    @Test
    void a_runtime_failure_is_a_typed_error_and_a_foreign_component_is_refused() {
        runtime.failure = Optional.of(new ContainerRuntimeException(
                FailureReason.TRANSIENT, "crictl ps --name ^kube-apiserver$ -q still failing with DeadlineExceeded"));

        NodeResponse failed = agent().handle(RestartControlPlane.all());

        assertThat(failed).isInstanceOfSatisfying(NodeResponse.Failed.class, f -> {
            assertThat(f.error().reason()).isEqualTo(FailureReason.TRANSIENT);
            assertThat(f.error().retryable()).isTrue();
        });
        NodeResponse foreign = agent().handle(new RestartControlPlane(List.of("coredns"), null, null));
        assertThat(foreign.exitCode()).isEqualTo(2);
    }

    @Test
    void verify_checks_the_served_certificate_its_chain_and_healthz() throws Exception {
        NodeTree tree = NodeTree.create(root);
        var served = tree.leaves.get("apiserver");
        String sha256 = HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256")
                        .digest(served.certificate().getEncoded()));
        try (TlsServer server = new TlsServer(served, tree.authorities.get(CertificateAuthority.CA))) {
            NodeResponse renewed = agent().handle(new NodeRequest.Verify(
                    server.endpoint(), "kubernetes", "/etc/kubernetes/pki/ca.crt", sha256, null, "/healthz", 5));

            VerifyResult result = (VerifyResult) ((NodeResponse.Completed) renewed).result();
            assertThat(result.passed()).isTrue();
            assertThat(result.servedSha256()).isEqualTo(sha256);
            assertThat(result.subject()).isEqualTo("CN=kube-apiserver");
            assertThat(result.chainTrusted()).isTrue();
            assertThat(result.healthzStatus()).isEqualTo(200);
            assertThat(result.healthzBody()).isEqualTo("ok");

            NodeResponse stale = agent().handle(new NodeRequest.Verify(
                    "https://" + server.endpoint(), null, "/etc/kubernetes/pki/etcd/ca.crt", null, sha256, null, 5));

            VerifyResult staleResult = (VerifyResult) ((NodeResponse.Completed) stale).result();
            assertThat(staleResult.passed()).isFalse();
            assertThat(staleResult.chainTrusted()).isFalse();
            assertThat(staleResult.problems())
                    .anySatisfy(p -> assertThat(p).contains("still serves the old certificate"));
            assertThat(stale.exitCode()).isEqualTo(1);
        }
    }

    @Test
    void verify_of_an_endpoint_that_does_not_answer_is_unreachable() throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }

        NodeResponse response =
                agent().handle(new NodeRequest.Verify("127.0.0.1:" + port, null, null, null, null, null, 2));

        assertThat(response).isInstanceOfSatisfying(NodeResponse.Failed.class, f -> {
            assertThat(f.error().reason()).isEqualTo(FailureReason.UNREACHABLE);
            assertThat(f.error().retryable()).isTrue();
            assertThat(f.error().message()).contains("cannot reach 127.0.0.1:" + port);
        });
    }
}
