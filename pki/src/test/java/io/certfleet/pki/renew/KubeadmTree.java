package io.certfleet.pki.renew;

import io.certfleet.pki.issue.BouncyCastleCertificateIssuer;
import io.certfleet.pki.issue.CertificateSpec;
import io.certfleet.pki.issue.CertifiedKey;
import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.issue.Pem;
import io.certfleet.pki.issue.PkiFileWriter;
import io.certfleet.pki.issue.Validity;
import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import io.certfleet.pki.kubeadm.NodeIdentity;
import io.certfleet.pki.kubeconfig.ClientCredentials;
import io.certfleet.pki.kubeconfig.KubeconfigSpec;
import io.certfleet.pki.kubeconfig.KubeconfigWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** A kubeadm-shaped node tree for renewal tests: three CAs, every renewable leaf, kubeconfigs, sa keys. */
final class KubeadmTree {
    static final NodeIdentity NODE = NodeIdentity.of("cp-1", "10.0.0.10");

    final Path certDir;
    final Path configDir;
    final Map<CertificateAuthority, CertifiedKey> authorities = new EnumMap<>(CertificateAuthority.class);
    final Map<String, CertifiedKey> leaves = new HashMap<>();

    private KubeadmTree(Path root) {
        this.configDir = root.resolve("etc/kubernetes");
        this.certDir = configDir.resolve("pki");
    }

    /** CAs valid ten years from {@code issuedAt}, leaves from {@code issuedAt} for {@code leafValidity}. */
    static KubeadmTree create(Path root, KeyAlgorithm algorithm, Instant issuedAt, Duration leafValidity) {
        return create(root, algorithm, issuedAt, leafValidity, Duration.ofDays(3650));
    }

    static KubeadmTree create(
            Path root, KeyAlgorithm algorithm, Instant issuedAt, Duration leafValidity, Duration caValidity) {
        KubeadmTree tree = new KubeadmTree(root);
        BouncyCastleCertificateIssuer issuer =
                new BouncyCastleCertificateIssuer(Clock.fixed(issuedAt, java.time.ZoneOffset.UTC));
        PkiFileWriter files = new PkiFileWriter();
        KubeconfigWriter kubeconfigs = new KubeconfigWriter();
        for (CertificateAuthority ca : CertificateAuthority.values()) {
            CertifiedKey authority = issuer.createAuthority(
                    CertificateSpec.authority(ca.kubeadmName().equals("ca") ? "kubernetes" : ca.kubeadmName())
                            .validity(Validity.between(issuedAt, issuedAt.plus(caValidity)))
                            .build(),
                    algorithm);
            tree.authorities.put(ca, authority);
            files.writeCertificates(tree.certDir.resolve(ca.certificatePath()), List.of(authority.certificate()));
            files.writePrivateKey(tree.certDir.resolve(ca.keyPath()), authority.privateKey());
        }
        for (KubeadmCertificate cert : KubeadmCertificate.renewable()) {
            CertificateSpec.Builder spec = CertificateSpec.leaf(cert.commonName(NODE))
                    .usages(cert.usages())
                    .subjectAlternativeNames(cert.requiredSans(NODE))
                    .validity(Validity.between(issuedAt, issuedAt.plus(leafValidity)));
            if (!cert.organizations().isEmpty()) {
                spec.organization(cert.organizations().get(0));
            }
            CertifiedKey leaf = issuer.issue(spec.build(), algorithm, tree.authorities.get(cert.authority()));
            tree.leaves.put(cert.kubeadmName(), leaf);
            if (cert.isKubeconfig()) {
                kubeconfigs.write(
                        KubeconfigSpec.kubeadm(
                                "kubernetes",
                                "https://10.0.0.10:6443",
                                tree.authorities.get(CertificateAuthority.CA).certificate(),
                                cert.kubeconfigUser().orElseThrow(),
                                new ClientCredentials.Embedded(leaf.certificate(), leaf.privateKey())),
                        tree.configDir.resolve(cert.path()));
            } else {
                files.writeCertificates(tree.certDir.resolve(cert.path()), List.of(leaf.certificate()));
                files.writePrivateKey(tree.certDir.resolve(cert.keyPath().orElseThrow()), leaf.privateKey());
            }
        }
        CertifiedKey kubelet = issuer.issue(
                CertificateSpec.leaf("system:node:cp-1")
                        .organization("system:nodes")
                        .usage(io.certfleet.pki.kubeadm.Usage.CLIENT)
                        .validity(Validity.between(issuedAt, issuedAt.plus(leafValidity)))
                        .build(),
                KeyAlgorithm.EC_P256,
                tree.authorities.get(CertificateAuthority.CA));
        kubeconfigs.write(
                KubeconfigSpec.kubeadm(
                        "kubernetes",
                        "https://10.0.0.10:6443",
                        tree.authorities.get(CertificateAuthority.CA).certificate(),
                        "system:node:cp-1",
                        new ClientCredentials.Files(
                                "/var/lib/kubelet/pki/kubelet-client-current.pem",
                                "/var/lib/kubelet/pki/kubelet-client-current.pem")),
                tree.configDir.resolve("kubelet.conf"));
        tree.leaves.put("kubelet.conf", kubelet);
        try {
            var sa = KeyAlgorithm.EC_P256.generate(new java.security.SecureRandom());
            files.writePrivateKey(tree.certDir.resolve("sa.key"), sa.getPrivate());
            files.writeText(tree.certDir.resolve("sa.pub"), Pem.encodePublicKey(sa.getPublic()), PkiFileWriter.PUBLIC);
            Files.createDirectories(tree.configDir.resolve("manifests"));
            Files.writeString(tree.configDir.resolve("manifests/kube-apiserver.yaml"), "apiVersion: v1\nkind: Pod\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tree;
    }

    Path file(KubeadmCertificate cert) {
        return cert.isKubeconfig() ? configDir.resolve(cert.path()) : certDir.resolve(cert.path());
    }

    Path keyFile(KubeadmCertificate cert) {
        return certDir.resolve(cert.keyPath().orElseThrow());
    }

    /** Every regular file of the tree with its bytes, relative to the configuration directory. */
    Map<String, byte[]> snapshot() {
        Map<String, byte[]> files = new HashMap<>();
        try (Stream<Path> walk = Files.walk(configDir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                if (!configDir.relativize(p).startsWith("tmp")) {
                    files.put(configDir.relativize(p).toString(), Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /** The base64 lines of every private key PEM under the tree (and of the given extra PEMs). */
    List<String> privateKeyLines() {
        List<String> lines = new ArrayList<>();
        for (byte[] content : snapshot().values()) {
            String text = new String(content, StandardCharsets.US_ASCII);
            lines.addAll(SecretScan.keyLines(text));
        }
        return lines;
    }

    static X509Certificate certificate(Path file) throws IOException {
        return Pem.decodeCertificate(Files.readString(file));
    }
}
