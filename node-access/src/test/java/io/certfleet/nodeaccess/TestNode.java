package io.certfleet.nodeaccess;

import io.certfleet.pki.issue.BouncyCastleCertificateIssuer;
import io.certfleet.pki.issue.CertificateSpec;
import io.certfleet.pki.issue.CertifiedKey;
import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.issue.PkiFileWriter;
import io.certfleet.pki.issue.Validity;
import io.certfleet.pki.kubeadm.Usage;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;

/** A node's root directory with a kubeadm CA and an apiserver certificate, as a node agent finds them. */
record TestNode(Path root, String caSha256, String apiserverSha256) {
    static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");

    static TestNode create(Path root) {
        BouncyCastleCertificateIssuer issuer = new BouncyCastleCertificateIssuer(Clock.fixed(ISSUED, ZoneOffset.UTC));
        PkiFileWriter files = new PkiFileWriter();
        Path pki = root.resolve("etc/kubernetes/pki");
        CertifiedKey ca = issuer.createAuthority(
                CertificateSpec.authority("kubernetes")
                        .validity(Validity.between(ISSUED, ISSUED.plus(Duration.ofDays(3650))))
                        .build(),
                KeyAlgorithm.EC_P256);
        files.writeCertificates(pki.resolve("ca.crt"), List.of(ca.certificate()));
        files.writePrivateKey(pki.resolve("ca.key"), ca.privateKey());
        CertifiedKey apiserver = issuer.issue(
                CertificateSpec.leaf("kube-apiserver")
                        .usage(Usage.SERVER)
                        .dnsName("kubernetes")
                        .ipAddress("10.96.0.1")
                        .validity(Validity.between(ISSUED, ISSUED.plus(Duration.ofDays(365))))
                        .build(),
                KeyAlgorithm.EC_P256,
                ca);
        files.writeCertificates(pki.resolve("apiserver.crt"), List.of(apiserver.certificate()));
        files.writePrivateKey(pki.resolve("apiserver.key"), apiserver.privateKey());
        return new TestNode(root, sha256(ca.certificate()), sha256(apiserver.certificate()));
    }

    static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
