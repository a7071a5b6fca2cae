package io.certfleet.pki.renew;

import static io.certfleet.pki.renew.KubeadmRenewalTest.assertKeyMatches;
import static io.certfleet.pki.renew.KubeadmRenewalTest.decode;
import static io.certfleet.pki.renew.KubeadmRenewalTest.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.pki.issue.BouncyCastleCertificateIssuer;
import io.certfleet.pki.issue.CertificateSpec;
import io.certfleet.pki.issue.CertifiedKey;
import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.issue.Pem;
import io.certfleet.pki.issue.Validity;
import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import io.certfleet.pki.renew.RenewalOutcome.CsrGenerated;
import io.certfleet.pki.renew.RenewalOutcome.Failed;
import io.certfleet.pki.renew.RenewalOutcome.Renewed;
import io.certfleet.pki.testing.Openssl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubeadm's external CA mode end to end: the CA keys are not on the node, {@code --csr-only} stages
 * keys and CSRs, {@code openssl x509 -req} plays the external CA, {@link KubeadmRenewal#install} puts
 * the result in place; and everything install must refuse.
 *
 * <p>openssl signs with the real time, so this test's fixed clock is the real time at its start.
 */
class ExternalCaInstallTest {

    static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    static final Instant ISSUED = NOW.minus(Duration.ofDays(300));

    @TempDir
    Path root;

    private final KubeadmRenewal renewal = new KubeadmRenewal(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void csr_only_reports_the_request_and_the_kubernetes_usages_of_the_live_certificate() throws Exception {
        KubeadmTree tree = KubeadmTree.create(root, KeyAlgorithm.RSA_2048, ISSUED, Duration.ofDays(365));

        RenewalReport report = renewal.renew(
                RenewalRequest.of("all", tree.certDir, tree.configDir).csrOnly(root.resolve("csr")));

        assertThat(report.csrs()).hasSize(KubeadmCertificate.renewable().size());
        for (CsrGenerated csr : report.csrs()) {
            assertThat(csr.request())
                    .startsWith("-----BEGIN CERTIFICATE REQUEST-----")
                    .isEqualTo(Files.readString(csr.csrPath()));
        }
        assertThat(usages(report, "apiserver")).containsExactly("digital signature", "key encipherment", "server auth");
        assertThat(usages(report, "admin.conf"))
                .containsExactly("digital signature", "key encipherment", "client auth");
        assertThat(usages(report, "etcd-server"))
                .containsExactly("digital signature", "key encipherment", "server auth", "client auth");
    }

    @Test
    void usages_of_an_ec_certificate_and_of_odd_extensions_use_the_kubernetes_names() {
        var ec = io.certfleet.pki.testing.TestCertificates.certificate("CN=x")
                .serverAuth()
                .clientAuth()
                .build();
        X509Certificate certificate = Pem.decodeCertificate(ec.pem());

        assertThat(KubernetesKeyUsages.of(certificate, certificate.getPublicKey()))
                .containsExactly("digital signature", "key encipherment", "server auth", "client auth");
        var ca = io.certfleet.pki.testing.TestCertificates.certificate("CN=ca")
                .ca()
                .build();
        X509Certificate authority = Pem.decodeCertificate(ca.pem());
        assertThat(KubernetesKeyUsages.of(authority, authority.getPublicKey()))
                .containsExactly("digital signature", "cert sign", "crl sign");
    }

    @Test
    void the_external_ca_round_trip_installs_what_openssl_signed() throws Exception {
        KubeadmTree tree = KubeadmTree.create(root, KeyAlgorithm.RSA_2048, ISSUED, Duration.ofDays(365));
        Map<CertificateAuthority, Path> outsideKeys = takeCaKeysOffTheNode(tree);
        Map<String, byte[]> before = tree.snapshot();
        String adminBefore = Files.readString(tree.configDir.resolve("admin.conf"));
        Path csrDir = root.resolve("csr");

        RenewalReport csrs = renewal.renew(
                RenewalRequest.of("all", tree.certDir, tree.configDir).csrOnly(csrDir));
        assertThat(csrs.csrs()).hasSize(KubeadmCertificate.renewable().size());
        Map<String, String> signed = new LinkedHashMap<>();
        for (CsrGenerated csr : csrs.csrs()) {
            signed.put(csr.name(), signWithOpenssl(tree, csr, outsideKeys));
        }

        RenewalReport report = renewal.install(InstallRequest.of(tree.certDir, tree.configDir, csrDir, signed));

        assertThat(report.failed()).isEmpty();
        assertThat(report.renewed()).extracting(Renewed::name).containsExactlyElementsOf(signed.keySet());
        for (KubeadmCertificate cert : KubeadmCertificate.renewable()) {
            X509Certificate old = tree.leaves.get(cert.kubeadmName()).certificate();
            KubeadmRenewalTest.Credentials installed = KubeadmRenewalTest.credentials(tree, cert);
            assertThat(installed.certificate()).isEqualTo(Pem.decodeCertificate(signed.get(cert.kubeadmName())));
            assertKeyMatches(installed.key(), installed.certificate().getPublicKey());
            assertThat(installed.certificate().getPublicKey()).isNotEqualTo(old.getPublicKey());
            assertThat(CertificateIdentity.differences(old, installed.certificate()))
                    .isEmpty();
            assertThat(KubeadmRenewalTest.sans(installed.certificate())).isEqualTo(KubeadmRenewalTest.sans(old));
            assertThat(installed.certificate().getSubjectX500Principal()).isEqualTo(old.getSubjectX500Principal());
            Path pem = root.resolve(cert.kubeadmName() + ".installed.pem");
            Files.writeString(pem, Pem.encodeCertificate(installed.certificate()));
            Path caFile = tree.certDir.resolve(cert.authority().certificatePath());
            assertThat(Openssl.run(root, "verify", "-CAfile", caFile.toString(), pem.toString())
                            .output())
                    .as("openssl verify of %s", cert.kubeadmName())
                    .endsWith(": OK");
            Renewed outcome = report.renewed().stream()
                    .filter(r -> r.name().equals(cert.kubeadmName()))
                    .findFirst()
                    .orElseThrow();
            assertThat(outcome.path()).isEqualTo(tree.file(cert));
            assertThat(outcome.oldNotAfter()).isEqualTo(old.getNotAfter().toInstant());
            assertThat(outcome.newNotAfter())
                    .isEqualTo(installed.certificate().getNotAfter().toInstant());
            assertThat(outcome.sha256()).isEqualTo(RenewalSigner.sha256(installed.certificate()));
        }
        Map<String, byte[]> after = tree.snapshot();
        for (CertificateAuthority ca : CertificateAuthority.values()) {
            assertThat(after.get("pki/" + ca.certificatePath())).isEqualTo(before.get("pki/" + ca.certificatePath()));
            assertThat(tree.certDir.resolve(ca.keyPath())).doesNotExist();
        }
        assertThat(after.get("pki/sa.key")).isEqualTo(before.get("pki/sa.key"));
        assertThat(after.get("kubelet.conf")).isEqualTo(before.get("kubelet.conf"));
        assertThat(Files.getPosixFilePermissions(tree.certDir.resolve("apiserver.key")))
                .containsExactlyInAnyOrder(
                        java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(Files.readString(tree.certDir.resolve("apiserver.key")))
                .as("written in the live key's PEM form")
                .startsWith("-----BEGIN RSA PRIVATE KEY-----");
        // admin.conf: only the two credentials changed, every other byte is as it was
        String adminAfter = Files.readString(tree.configDir.resolve("admin.conf"));
        String oldCert = value(adminBefore, "client-certificate-data");
        String oldKey = value(adminBefore, "client-key-data");
        String newCert = value(adminAfter, "client-certificate-data");
        String newKey = value(adminAfter, "client-key-data");
        assertThat(newCert).isNotEqualTo(oldCert);
        assertThat(newKey).isNotEqualTo(oldKey);
        assertThat(adminAfter.replace(newCert, oldCert).replace(newKey, oldKey)).isEqualTo(adminBefore);
        assertThat(decode(newCert)).isEqualTo(Pem.encodeCertificate(Pem.decodeCertificate(signed.get("admin.conf"))));
        // no private key lingers in the staging directory
        try (Stream<Path> staged = Files.list(csrDir)) {
            assertThat(staged.filter(Files::isRegularFile).toList()).isEmpty();
        }
        Path backup = report.backup().orElseThrow();
        before.forEach((relative, bytes) -> assertThat(backup.resolve(relative)).hasBinaryContent(bytes));

        // the same certificates again (a re-run after an interruption): renewed, nothing written
        Map<String, byte[]> installed = tree.snapshot();
        RenewalReport again = renewal.install(InstallRequest.of(tree.certDir, tree.configDir, csrDir, signed));

        assertThat(again.failed()).isEmpty();
        assertThat(again.renewed())
                .hasSize(signed.size())
                .allSatisfy(r -> assertThat(r.sha256())
                        .isEqualTo(RenewalSigner.sha256(Pem.decodeCertificate(signed.get(r.name())))));
        assertThat(again.backup()).as("nothing written, nothing backed up").isEmpty();
        assertThat(tree.snapshot()).containsExactlyInAnyOrderEntriesOf(installed);
    }

    @Test
    void every_certificate_that_is_not_the_one_asked_for_is_refused_and_nothing_is_written() throws Exception {
        KubeadmTree tree = KubeadmTree.create(root, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365));
        takeCaKeysOffTheNode(tree);
        Path csrDir = root.resolve("csr");
        RenewalReport csrs = renewal.renew(
                RenewalRequest.of("all", tree.certDir, tree.configDir).csrOnly(csrDir));
        CertifiedKey ca = tree.authorities.get(CertificateAuthority.CA);
        CertifiedKey etcdCa = tree.authorities.get(CertificateAuthority.ETCD_CA);
        CertifiedKey frontProxyCa = tree.authorities.get(CertificateAuthority.FRONT_PROXY_CA);
        BouncyCastleCertificateIssuer issuer = new BouncyCastleCertificateIssuer(Clock.fixed(NOW, ZoneOffset.UTC));
        CertifiedKey impostor = issuer.createAuthority(
                CertificateSpec.authority("kubernetes")
                        .validity(Validity.between(ISSUED, ISSUED.plus(Duration.ofDays(3650))))
                        .build(),
                KeyAlgorithm.EC_P256);
        KeyPair stranger = KeyAlgorithm.EC_P256.generate(new SecureRandom());

        Map<String, String> signed = new LinkedHashMap<>();
        signed.put("apiserver", sign(issuer, KubeadmCertificate.APISERVER, stranger.getPublic(), ca, b -> b));
        signed.put(
                "apiserver-kubelet-client",
                sign(
                        issuer,
                        KubeadmCertificate.APISERVER_KUBELET_CLIENT,
                        staged(csrs, "apiserver-kubelet-client"),
                        impostor,
                        b -> b));
        signed.put(
                "front-proxy-client",
                sign(
                        issuer,
                        KubeadmCertificate.FRONT_PROXY_CLIENT,
                        staged(csrs, "front-proxy-client"),
                        frontProxyCa,
                        b -> CertificateSpec.leaf("system:masters-wannabe")
                                .usages(KubeadmCertificate.FRONT_PROXY_CLIENT.usages())));
        signed.put(
                "etcd-server",
                sign(
                        issuer,
                        KubeadmCertificate.ETCD_SERVER,
                        staged(csrs, "etcd-server"),
                        etcdCa,
                        b -> b.dnsName("evil.example")));
        signed.put(
                "etcd-peer",
                sign(
                        issuer,
                        KubeadmCertificate.ETCD_PEER,
                        staged(csrs, "etcd-peer"),
                        etcdCa,
                        b -> b.validity(Validity.between(ISSUED, NOW.minus(Duration.ofDays(1))))));
        signed.put(
                "admin.conf",
                sign(
                        issuer,
                        KubeadmCertificate.ADMIN_CONF,
                        staged(csrs, "admin.conf"),
                        ca,
                        b -> b.validity(
                                Validity.between(NOW.plus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(30))))));
        signed.put(
                "controller-manager.conf",
                sign(
                        issuer,
                        KubeadmCertificate.CONTROLLER_MANAGER_CONF,
                        staged(csrs, "controller-manager.conf"),
                        ca,
                        b -> b));
        Files.delete(csrDir.resolve("controller-manager.conf"));
        signed.put("scheduler.conf", "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n");
        signed.put("ca", Pem.encodeCertificate(ca.certificate()));
        Map<String, byte[]> before = tree.snapshot();
        Map<String, byte[]> stagedBefore = files(csrDir);

        RenewalReport report = renewal.install(InstallRequest.of(tree.certDir, tree.configDir, csrDir, signed));

        assertThat(report.renewed()).isEmpty();
        assertThat(report.failed()).extracting(Failed::name).containsExactlyElementsOf(signed.keySet());
        assertThat(report.failed()).allSatisfy(f -> assertThat(f.retryHelps()).isFalse());
        assertThat(reason(report, "apiserver"))
                .startsWith("the signed certificate for apiserver is refused: ")
                .contains("it is not for the key staged in " + csrDir.resolve("apiserver.key"))
                .endsWith("nothing was written for it");
        assertThat(reason(report, "apiserver-kubelet-client"))
                .contains("its signature does not verify with the public key of the ca CA "
                        + tree.certDir.resolve("ca.crt"))
                .doesNotContain("not for the key staged");
        assertThat(reason(report, "front-proxy-client"))
                .contains("it changes the subject CN from [front-proxy-client] to [system:masters-wannabe]");
        assertThat(reason(report, "etcd-server"))
                .contains("it changes the DNS SANs: adds [evil.example]")
                .doesNotContain("IP SANs");
        assertThat(reason(report, "etcd-peer")).contains("it expired at " + NOW.minus(Duration.ofDays(1)));
        assertThat(reason(report, "admin.conf"))
                .contains("it is not valid before " + NOW.plus(Duration.ofDays(2)) + " (now is " + NOW + ")");
        assertThat(reason(report, "controller-manager.conf"))
                .isEqualTo(
                        "no CSR staged for controller-manager.conf in " + csrDir + "; generate one first (--csr-only)");
        assertThat(reason(report, "scheduler.conf")).startsWith("the signed certificate for scheduler.conf is not PEM");
        assertThat(reason(report, "ca")).contains("certificate authorities are never renewed");
        assertThat(report.backup()).isEmpty();
        assertThat(tree.snapshot()).containsExactlyInAnyOrderEntriesOf(before);
        assertThat(files(csrDir)).as("staged keys are kept for a failure").containsOnlyKeys(stagedBefore.keySet());
    }

    @Test
    void a_changed_organization_and_a_removed_ip_are_named() throws Exception {
        KubeadmTree tree = KubeadmTree.create(root, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365));
        Path csrDir = root.resolve("csr");
        RenewalReport csrs = renewal.renew(
                RenewalRequest.of("all", tree.certDir, tree.configDir).csrOnly(csrDir));
        BouncyCastleCertificateIssuer issuer = new BouncyCastleCertificateIssuer(Clock.fixed(NOW, ZoneOffset.UTC));
        CertifiedKey ca = tree.authorities.get(CertificateAuthority.CA);
        CertificateSpec.Builder apiserver = CertificateSpec.leaf("kube-apiserver")
                .usages(KubeadmCertificate.APISERVER.usages())
                .subjectAlternativeNames(KubeadmCertificate.APISERVER.requiredSans(KubeadmTree.NODE).stream()
                        .filter(san -> !san.equals("IP:10.0.0.10"))
                        .toList());
        Map<String, String> signed = Map.of(
                "admin.conf",
                sign(
                        issuer,
                        KubeadmCertificate.ADMIN_CONF,
                        staged(csrs, "admin.conf"),
                        ca,
                        b -> CertificateSpec.leaf("kubernetes-admin")
                                .organization("system:nodes")
                                .usages(KubeadmCertificate.ADMIN_CONF.usages())),
                "apiserver",
                sign(issuer, KubeadmCertificate.APISERVER, staged(csrs, "apiserver"), ca, b -> apiserver));

        RenewalReport report = renewal.install(InstallRequest.of(tree.certDir, tree.configDir, csrDir, signed));

        assertThat(reason(report, "admin.conf"))
                .contains("it changes the subject O from [system:masters] to [system:nodes]")
                .doesNotContain("subject CN");
        assertThat(reason(report, "apiserver")).contains("it changes the IP SANs: removes [10.0.0.10]");
    }

    @Test
    void a_signed_chain_is_kept_in_the_certificate_file_and_an_interrupted_install_is_completed() throws Exception {
        KubeadmTree tree = KubeadmTree.create(root, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365));
        Path csrDir = root.resolve("csr");
        RenewalReport csrs = renewal.renew(
                RenewalRequest.of("apiserver", tree.certDir, tree.configDir).csrOnly(csrDir));
        BouncyCastleCertificateIssuer issuer = new BouncyCastleCertificateIssuer(Clock.fixed(NOW, ZoneOffset.UTC));
        CertifiedKey ca = tree.authorities.get(CertificateAuthority.CA);
        X509Certificate leaf = Pem.decodeCertificate(
                sign(issuer, KubeadmCertificate.APISERVER, staged(csrs, "apiserver"), ca, b -> b));
        String chain = Pem.encodeCertificates(List.of(leaf, ca.certificate()));
        // a run that wrote the certificate file and died before the key file
        Files.writeString(tree.certDir.resolve("apiserver.crt"), Pem.encodeCertificate(leaf));

        RenewalReport report =
                renewal.install(InstallRequest.of(tree.certDir, tree.configDir, csrDir, Map.of("apiserver", chain)));

        assertThat(report.renewed())
                .singleElement()
                .satisfies(r -> assertThat(r.sha256()).isEqualTo(RenewalSigner.sha256(leaf)));
        assertThat(Pem.decodeCertificates(Files.readString(tree.certDir.resolve("apiserver.crt"))))
                .containsExactly(leaf, ca.certificate());
        assertKeyMatches(
                Pem.decodePrivateKey(Files.readString(tree.certDir.resolve("apiserver.key"))), leaf.getPublicKey());
        assertThat(csrDir.resolve("apiserver.key")).doesNotExist();
        assertThat(csrDir.resolve("apiserver.csr")).doesNotExist();
    }

    @Test
    void a_staging_directory_on_the_live_tree_is_refused() {
        KubeadmTree tree = KubeadmTree.create(root, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> renewal.install(InstallRequest.of(
                        tree.certDir,
                        tree.configDir,
                        tree.certDir,
                        Map.of(
                                "apiserver",
                                Pem.encodeCertificate(
                                        tree.leaves.get("apiserver").certificate())))))
                .isInstanceOfSatisfying(RenewalException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RenewalException.Reason.INVALID_INPUT);
                    assertThat(e.getMessage()).contains("is the certificate directory");
                });
    }

    @Test
    void staged_keys_that_will_never_be_installed_are_discarded_and_the_live_tree_is_untouched() throws Exception {
        KubeadmTree tree = KubeadmTree.create(root, KeyAlgorithm.EC_P256, ISSUED, Duration.ofDays(365));
        Map<String, byte[]> live = tree.snapshot();
        Path csrDir = root.resolve("etc/kubernetes/tmp/certfleet-csr-1");
        renewal.renew(RenewalRequest.of("all", tree.certDir, tree.configDir).csrOnly(csrDir));
        assertThat(csrDir.resolve("apiserver.key")).exists();
        assertThat(csrDir.resolve("admin.conf")).exists();

        List<String> removed = renewal.discardStaged(tree.certDir, tree.configDir, csrDir);

        assertThat(removed).contains("apiserver", "admin.conf", "etcd-server", "front-proxy-client");
        assertThat(csrDir).doesNotExist();
        assertThat(tree.snapshot()).as("nothing live touched").containsExactlyInAnyOrderEntriesOf(live);
        assertThat(renewal.discardStaged(tree.certDir, tree.configDir, csrDir))
                .as("again: nothing left")
                .isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> renewal.discardStaged(tree.certDir, tree.configDir, tree.certDir))
                .isInstanceOfSatisfying(
                        RenewalException.class,
                        e -> assertThat(e.getMessage())
                                .contains("is the certificate directory; discarding would delete the live keys there"));
        assertThat(tree.snapshot()).containsExactlyInAnyOrderEntriesOf(live);
    }

    // ------------------------------------------------------------------ helpers

    /** Moves every CA key out of the node's tree, as an external CA keeps them. */
    private Map<CertificateAuthority, Path> takeCaKeysOffTheNode(KubeadmTree tree) throws Exception {
        Map<CertificateAuthority, Path> outside = new LinkedHashMap<>();
        Path vault = Files.createDirectories(root.resolve("external-ca"));
        for (CertificateAuthority ca : CertificateAuthority.values()) {
            Path key = vault.resolve(ca.kubeadmName() + ".key");
            Files.move(tree.certDir.resolve(ca.keyPath()), key);
            outside.put(ca, key);
        }
        return outside;
    }

    /** {@code openssl x509 -req}: the external CA, with the usages the CSR result asks for. */
    private String signWithOpenssl(KubeadmTree tree, CsrGenerated csr, Map<CertificateAuthority, Path> keys)
            throws Exception {
        KubeadmCertificate cert = KubeadmCertificate.byKubeadmName(csr.name()).orElseThrow();
        List<String> keyUsage = new ArrayList<>();
        List<String> extended = new ArrayList<>();
        for (String usage : csr.usages()) {
            switch (usage) {
                case "digital signature" -> keyUsage.add("digitalSignature");
                case "key encipherment" -> keyUsage.add("keyEncipherment");
                case "server auth" -> extended.add("serverAuth");
                case "client auth" -> extended.add("clientAuth");
                default -> throw new IllegalStateException("unexpected usage " + usage);
            }
        }
        Path extensions = root.resolve(csr.name() + ".ext");
        Files.writeString(
                extensions,
                "[v3]\nbasicConstraints = critical, CA:FALSE\nkeyUsage = critical, " + String.join(", ", keyUsage)
                        + "\nextendedKeyUsage = " + String.join(", ", extended) + "\n");
        Path out = root.resolve(csr.name() + ".signed.pem");
        Openssl.ok(
                root,
                "x509",
                "-req",
                "-in",
                csr.csrPath().toString(),
                "-CA",
                tree.certDir.resolve(cert.authority().certificatePath()).toString(),
                "-CAkey",
                keys.get(cert.authority()).toString(),
                "-set_serial",
                "0x" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8)),
                "-days",
                "365",
                "-copy_extensions",
                "copyall",
                "-extfile",
                extensions.toString(),
                "-extensions",
                "v3",
                "-out",
                out.toString());
        return Files.readString(out);
    }

    /** A certificate like kubeadm's for {@code cert}, changed by {@code change}, for {@code key}. */
    private static String sign(
            BouncyCastleCertificateIssuer issuer,
            KubeadmCertificate cert,
            PublicKey key,
            CertifiedKey ca,
            UnaryOperator<CertificateSpec.Builder> change) {
        CertificateSpec.Builder spec = CertificateSpec.leaf(cert.commonName(KubeadmTree.NODE))
                .usages(cert.usages())
                .subjectAlternativeNames(cert.requiredSans(KubeadmTree.NODE))
                .validity(Validity.between(NOW.minus(Duration.ofMinutes(5)), NOW.plus(Duration.ofDays(365))));
        cert.organizations().stream().findFirst().ifPresent(spec::organization);
        CertificateSpec.Builder changed = change.apply(spec);
        if (changed != spec) {
            // a fresh builder: only the validity is carried over
            changed.validity(Validity.between(NOW.minus(Duration.ofMinutes(5)), NOW.plus(Duration.ofDays(365))));
        }
        return Pem.encodeCertificate(issuer.sign(changed.build(), key, ca));
    }

    /** The public key of the CSR {@code --csr-only} staged for {@code name}. */
    private static PublicKey staged(RenewalReport csrs, String name) throws Exception {
        CsrGenerated csr = csrs.csrs().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
        var request = new PKCS10CertificationRequest(KubeadmRenewalTest.pemBody(csr.request()));
        return new JcaPEMKeyConverter().getPublicKey(request.getSubjectPublicKeyInfo());
    }

    private static List<String> usages(RenewalReport report, String name) {
        return report.csrs().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow()
                .usages();
    }

    private static String reason(RenewalReport report, String name) {
        return report.failed().stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElseThrow()
                .reason();
    }

    private static Map<String, byte[]> files(Path directory) throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(directory)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(directory.relativize(file).toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }
}
