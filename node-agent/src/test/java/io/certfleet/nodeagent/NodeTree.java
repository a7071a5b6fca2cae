package io.certfleet.nodeagent;

import io.certfleet.pki.issue.BouncyCastleCertificateIssuer;
import io.certfleet.pki.issue.CertificateSpec;
import io.certfleet.pki.issue.CertifiedKey;
import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.issue.PkiFileWriter;
import io.certfleet.pki.issue.Validity;
import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import io.certfleet.pki.kubeadm.NodeIdentity;
import io.certfleet.pki.kubeconfig.ClientCredentials;
import io.certfleet.pki.kubeconfig.KubeconfigSpec;
import io.certfleet.pki.kubeconfig.KubeconfigWriter;
import java.io.StringReader;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/** A kubeadm control-plane node's files under {@code root/etc/kubernetes}, made with the pki issuer. */
final class NodeTree {
    static final NodeIdentity NODE = NodeIdentity.of("cp-1", "127.0.0.1");
    static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
    static final Instant NOW = ISSUED.plus(Duration.ofDays(300));

    final Path root;
    final Path configDir;
    final Path certDir;
    final Map<CertificateAuthority, CertifiedKey> authorities = new EnumMap<>(CertificateAuthority.class);
    final Map<String, CertifiedKey> leaves = new HashMap<>();

    private NodeTree(Path root) {
        this.root = root;
        this.configDir = root.resolve("etc/kubernetes");
        this.certDir = configDir.resolve("pki");
    }

    static NodeTree create(Path root) {
        NodeTree tree = new NodeTree(root);
        BouncyCastleCertificateIssuer issuer = new BouncyCastleCertificateIssuer(Clock.fixed(ISSUED, ZoneOffset.UTC));
        PkiFileWriter files = new PkiFileWriter();
        for (CertificateAuthority ca : CertificateAuthority.values()) {
            CertifiedKey authority = issuer.createAuthority(
                    CertificateSpec.authority(ca.defaultCommonName())
                            .validity(Validity.between(ISSUED, ISSUED.plus(Duration.ofDays(3650))))
                            .build(),
                    KeyAlgorithm.EC_P256);
            tree.authorities.put(ca, authority);
            files.writeCertificates(tree.certDir.resolve(ca.certificatePath()), List.of(authority.certificate()));
            files.writePrivateKey(tree.certDir.resolve(ca.keyPath()), authority.privateKey());
        }
        for (KubeadmCertificate cert : KubeadmCertificate.renewable()) {
            CertificateSpec.Builder spec = CertificateSpec.leaf(cert.commonName(NODE))
                    .usages(cert.usages())
                    .subjectAlternativeNames(cert.requiredSans(NODE))
                    .validity(Validity.between(ISSUED, ISSUED.plus(Duration.ofDays(365))));
            cert.organizations().stream().findFirst().ifPresent(spec::organization);
            CertifiedKey leaf =
                    issuer.issue(spec.build(), KeyAlgorithm.EC_P256, tree.authorities.get(cert.authority()));
            tree.leaves.put(cert.kubeadmName(), leaf);
            if (cert.isKubeconfig()) {
                new KubeconfigWriter()
                        .write(
                                KubeconfigSpec.kubeadm(
                                        "kubernetes",
                                        "https://127.0.0.1:6443",
                                        tree.authorities
                                                .get(CertificateAuthority.CA)
                                                .certificate(),
                                        cert.kubeconfigUser().orElseThrow(),
                                        new ClientCredentials.Embedded(leaf.certificate(), leaf.privateKey())),
                                tree.configDir.resolve(cert.path()));
            } else {
                files.writeCertificates(tree.certDir.resolve(cert.path()), List.of(leaf.certificate()));
                files.writePrivateKey(tree.certDir.resolve(cert.keyPath().orElseThrow()), leaf.privateKey());
            }
        }
        return tree;
    }

    /**
     * What an external CA returns for a CSR of RENEW with {@code csrDir}: the kubeadm identity of the
     * certificate, the request's public key, signed by this tree's CA (whose key the test keeps even
     * when it removed it from the node).
     */
    String sign(OperationResult.GeneratedCsr csr) {
        KubeadmCertificate cert = KubeadmCertificate.byKubeadmName(csr.name()).orElseThrow();
        CertificateSpec.Builder spec = CertificateSpec.leaf(cert.commonName(NODE))
                .usages(cert.usages())
                .subjectAlternativeNames(cert.requiredSans(NODE))
                .validity(Validity.between(NOW.minus(Duration.ofMinutes(5)), NOW.plus(Duration.ofDays(365))));
        cert.organizations().stream().findFirst().ifPresent(spec::organization);
        return io.certfleet.pki.issue.Pem.encodeCertificate(
                new BouncyCastleCertificateIssuer(Clock.fixed(NOW, ZoneOffset.UTC))
                        .sign(spec.build(), publicKey(csr.request()), authorities.get(cert.authority())));
    }

    /** The public key of a PEM certificate signing request. */
    static PublicKey publicKey(String csrPem) {
        try (PEMParser parser = new PEMParser(new StringReader(csrPem))) {
            PKCS10CertificationRequest request = (PKCS10CertificationRequest) parser.readObject();
            return new JcaPEMKeyConverter().getPublicKey(request.getSubjectPublicKeyInfo());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
