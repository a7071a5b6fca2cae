package io.certfleet.fleetsim;

import io.certfleet.pki.issue.CertificateIssuer;
import io.certfleet.pki.issue.CertificateSpec;
import io.certfleet.pki.issue.CertifiedKey;
import io.certfleet.pki.issue.KeyAlgorithm;
import io.certfleet.pki.issue.Pem;
import io.certfleet.pki.issue.PkiFileWriter;
import io.certfleet.pki.issue.Validity;
import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import io.certfleet.pki.kubeadm.Usage;
import io.certfleet.pki.kubeconfig.ClientCredentials;
import io.certfleet.pki.kubeconfig.KubeconfigSpec;
import io.certfleet.pki.kubeconfig.KubeconfigWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Writes one simulated cluster's PKI: three CAs shared by its control-plane nodes, the service
 * account key pair, and per node the leaf certificates, kubeconfigs and kubelet files of the seed
 * 003 table, with the cluster's ages and faults applied. Serial numbers and kubelet rotation times
 * come from the cluster's seeded random; key bytes from a {@link SecureRandom}.
 */
final class ClusterWriter {

    /** Where kubelet.conf points when the kubelet rotates its client certificate. */
    static final String KUBELET_CLIENT_CURRENT = "/var/lib/kubelet/pki/kubelet-client-current.pem";

    private static final DateTimeFormatter KUBELET_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd-HH-mm-ss").withZone(ZoneOffset.UTC);
    private static final String KUBEADM_KUBECONFIG_CLUSTER = "default-cluster";
    private static final String KUBEADM_KUBECONFIG_CONTEXT = "default-system";

    private final SimulatedCluster cluster;
    private final ClusterSpec spec;
    private final Instant now;
    private final SplittableRandom random;
    private final CertificateIssuer issuer;
    private final PkiFileWriter files;
    private final KubeconfigWriter kubeconfigs;
    private final Function<SimulatedNode, String> localApiserverUrl;
    private final KubeadmConventions conventions;
    private final Map<CertificateAuthority, CertifiedKey> authorities = new EnumMap<>(CertificateAuthority.class);
    private final Map<CertificateAuthority, String> authorityCertificatePem = new EnumMap<>(CertificateAuthority.class);
    private final Map<CertificateAuthority, String> authorityKeyPem = new EnumMap<>(CertificateAuthority.class);
    private KeyPair serviceAccount;

    ClusterWriter(
            SimulatedCluster cluster,
            Instant now,
            SplittableRandom random,
            CertificateIssuer issuer,
            PkiFileWriter files,
            Function<SimulatedNode, String> localApiserverUrl) {
        this.cluster = cluster;
        this.spec = cluster.spec();
        this.now = now;
        this.random = random;
        this.issuer = issuer;
        this.files = files;
        this.kubeconfigs = new KubeconfigWriter(files);
        this.localApiserverUrl = localApiserverUrl;
        this.conventions = KubeadmConventions.of(spec);
    }

    void write() {
        Validity caWindow =
                Validity.between(spec.ages().caNotBefore(now), spec.ages().caNotAfter(now));
        for (CertificateAuthority authority : CertificateAuthority.values()) {
            CertifiedKey ca = issuer.createAuthority(
                    CertificateSpec.authority(authority.defaultCommonName())
                            .validity(caWindow)
                            .serialNumber(serial())
                            .build(),
                    spec.keyAlgorithm());
            authorities.put(authority, ca);
            authorityCertificatePem.put(authority, Pem.encodeCertificate(ca.certificate()));
            authorityKeyPem.put(authority, Pem.encodePrivateKeyTraditional(ca.privateKey()));
        }
        serviceAccount = issuer.generateKeyPair(spec.keyAlgorithm());

        for (SimulatedNode node : cluster.nodes()) {
            writeNode(node);
        }

        Map<CertificateAuthority, java.security.cert.X509Certificate> certificates =
                new EnumMap<>(CertificateAuthority.class);
        authorities.forEach((authority, ca) -> certificates.put(authority, ca.certificate()));
        String[] ssh = SshKeys.generate(cluster.name() + "@certfleet-sim", new SecureRandom());
        cluster.pki(
                certificates,
                new ClusterSecrets(
                        authorities.get(CertificateAuthority.CA),
                        authorities.get(CertificateAuthority.ETCD_CA),
                        authorities.get(CertificateAuthority.FRONT_PROXY_CA),
                        serviceAccount,
                        clusterApiKubeconfig(),
                        ssh[0],
                        ssh[1]));
    }

    private void writeNode(SimulatedNode node) {
        if (node.role() == NodeRole.CONTROL_PLANE) {
            for (CertificateAuthority authority : CertificateAuthority.values()) {
                text(
                        node.certDir().resolve(authority.certificatePath()),
                        authorityCertificatePem.get(authority),
                        false);
                if (!spec.externalAuthorities().contains(authority)) {
                    text(node.certDir().resolve(authority.keyPath()), authorityKeyPem.get(authority), true);
                }
            }
            text(node.certDir().resolve("sa.key"), Pem.encodePrivateKeyTraditional(serviceAccount.getPrivate()), true);
            text(node.certDir().resolve("sa.pub"), Pem.encodePublicKey(serviceAccount.getPublic()), false);
            writeManifests(node);
        } else {
            text(
                    node.certDir().resolve(CertificateAuthority.CA.certificatePath()),
                    authorityCertificatePem.get(CertificateAuthority.CA),
                    false);
        }
        for (KubeadmCertificate row : node.certificates()) {
            switch (row) {
                case KUBELET_CONF -> writeKubeletConf(node);
                case KUBELET_CLIENT -> writeKubeletClient(node);
                case KUBELET_SERVING -> writeKubeletServing(node);
                default -> {
                    if (row.isKubeconfig()) {
                        writeKubeconfig(node, row);
                    } else {
                        writePair(node, row);
                    }
                }
            }
        }
        text(node.kubeletConfigFile(), NodeFiles.kubeletConfiguration(node.kubeletRotation()), false);
    }

    private void writePair(SimulatedNode node, KubeadmCertificate row) {
        CertifiedKey leaf = issueRow(row, node, leafWindow(row, node), spec.keyAlgorithm());
        files.writeCertificates(node.path(row), List.of(leaf.certificate()));
        files.writePrivateKey(node.certDir().resolve(row.keyPath().orElseThrow()), leaf.privateKey());
    }

    private void writeKubeconfig(SimulatedNode node, KubeadmCertificate row) {
        CertifiedKey client = issueRow(row, node, leafWindow(row, node), spec.keyAlgorithm());
        // controller-manager and scheduler talk to their own node's API server, as kubeadm sets them up
        String server = row == KubeadmCertificate.CONTROLLER_MANAGER_CONF || row == KubeadmCertificate.SCHEDULER_CONF
                ? localApiserverUrl.apply(node)
                : cluster.apiserverUrl();
        kubeconfigs.write(
                kubeadmKubeconfig(
                        row, server, new ClientCredentials.Embedded(client.certificate(), client.privateKey())),
                node.path(row));
    }

    private void writeKubeletConf(SimulatedNode node) {
        KubeadmCertificate row = KubeadmCertificate.KUBELET_CONF;
        ClientCredentials credentials;
        if (spec.kubeletKubeconfig() == KubeletKubeconfig.EMBEDDED_CERTIFICATE) {
            CertifiedKey client = issueRow(row, node, leafWindow(row, node), spec.keyAlgorithm());
            credentials = new ClientCredentials.Embedded(client.certificate(), client.privateKey());
        } else {
            credentials = new ClientCredentials.Files(KUBELET_CLIENT_CURRENT, KUBELET_CLIENT_CURRENT);
        }
        kubeconfigs.write(kubeadmKubeconfig(row, cluster.apiserverUrl(), credentials), node.path(row));
    }

    private KubeconfigSpec kubeadmKubeconfig(KubeadmCertificate row, String server, ClientCredentials credentials) {
        return new KubeconfigSpec(
                KUBEADM_KUBECONFIG_CLUSTER,
                server,
                authorities.get(CertificateAuthority.CA).certificate(),
                row.kubeconfigUser().orElseThrow(),
                credentials,
                KUBEADM_KUBECONFIG_CONTEXT);
    }

    /**
     * {@code kubelet-client-<timestamp>.pem} (certificate and key, ECDSA P-256 as the kubelet makes
     * it) and the {@code kubelet-client-current.pem} symlink to it.
     */
    private void writeKubeletClient(SimulatedNode node) {
        KubeadmCertificate row = KubeadmCertificate.KUBELET_CLIENT;
        Validity.Fixed window;
        if (node.kubeletRotation()) {
            // the kubelet renews at 70-90% of the lifetime, so a rotated certificate is never older than half of it
            // ... and never older than the CA that signed it
            long halfLife = Math.max(
                    2,
                    Math.min(
                            spec.ages().leafValidity().toSeconds() / 2,
                            spec.ages().caAge().toSeconds()));
            Instant issued = now.minusSeconds(random.nextLong(1, halfLife));
            window = Validity.between(issued, issued.plus(spec.ages().leafValidity()));
        } else {
            window = leafWindow(row, node);
        }
        CertifiedKey client = issueRow(row, node, window, KeyAlgorithm.EC_P256);
        String fileName = "kubelet-client-" + KUBELET_TIMESTAMP.format(window.notBefore()) + ".pem";
        text(
                node.kubeletDir().resolve(fileName),
                Pem.encodeCertificate(client.certificate()) + Pem.encodePrivateKeyTraditional(client.privateKey()),
                true);
        Path current = node.path(row);
        try {
            Files.deleteIfExists(current);
            // relative target: resolves inside the simulated root (the kubelet writes an absolute one)
            Files.createSymbolicLink(current, Path.of(fileName));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot link " + current, e);
        }
    }

    /**
     * The kubelet's self-signed serving certificate, as client-go's GenerateSelfSignedCertKey makes
     * it: a throw-away CA {@code <host>-ca@<unix time>} signs {@code <host>@<unix time>}; {@code
     * kubelet.crt} holds both.
     */
    private void writeKubeletServing(SimulatedNode node) {
        KubeadmCertificate row = KubeadmCertificate.KUBELET_SERVING;
        Validity.Fixed window = leafWindow(row, node);
        long unix = window.notBefore().getEpochSecond();
        String host = row.commonName(node.identity());
        CertifiedKey kubeletCa = issuer.createAuthority(
                CertificateSpec.authority(host + "-ca@" + unix)
                        .validity(window)
                        .serialNumber(serial())
                        .build(),
                spec.keyAlgorithm());
        CertifiedKey serving = issuer.issue(
                CertificateSpec.leaf(host + "@" + unix)
                        .subjectAlternativeNames(row.requiredSans(node.identity()))
                        .usages(row.usages())
                        .validity(window)
                        .serialNumber(serial())
                        .build(),
                spec.keyAlgorithm(),
                kubeletCa);
        files.writeCertificates(node.path(row), List.of(serving.certificate(), kubeletCa.certificate()));
        files.writePrivateKey(node.kubeletDir().resolve(row.keyPath().orElseThrow()), serving.privateKey());
    }

    private void writeManifests(SimulatedNode node) {
        String version = spec.kubernetesVersion();
        Path manifests = node.manifestsDir();
        text(manifests.resolve("kube-apiserver.yaml"), NodeFiles.apiserverManifest(version, node.hostIp()), true);
        text(manifests.resolve("kube-controller-manager.yaml"), NodeFiles.controllerManagerManifest(version), true);
        text(manifests.resolve("kube-scheduler.yaml"), NodeFiles.schedulerManifest(version), true);
        text(manifests.resolve("etcd.yaml"), NodeFiles.etcdManifest(node.name(), node.hostIp()), true);
    }

    /** Cluster API's admin kubeconfig for the {@code <cluster>-kubeconfig} Secret. */
    private String clusterApiKubeconfig() {
        CertifiedKey admin = issuer.issue(
                CertificateSpec.leaf("kubernetes-admin")
                        .organization("system:masters")
                        .usage(Usage.CLIENT)
                        .validity(Validity.between(
                                spec.ages().leafNotBefore(now), spec.ages().leafNotAfter(now)))
                        .serialNumber(serial())
                        .build(),
                spec.keyAlgorithm(),
                authorities.get(CertificateAuthority.CA));
        String user = cluster.name() + "-admin";
        return kubeconfigs.render(KubeconfigSpec.kubeadm(
                cluster.name(),
                cluster.apiserverUrl(),
                authorities.get(CertificateAuthority.CA).certificate(),
                user,
                new ClientCredentials.Embedded(admin.certificate(), admin.privateKey())));
    }

    private CertifiedKey issueRow(KubeadmCertificate row, SimulatedNode node, Validity window, KeyAlgorithm algorithm) {
        CertificateSpec leaf = CertificateSpec.leaf(row.commonName(node.identity()))
                .organizations(conventions.organizations(row))
                .subjectAlternativeNames(row.requiredSans(node.identity()))
                .usages(row.usages())
                .validity(window)
                .serialNumber(serial())
                .build();
        return issuer.issue(leaf, algorithm, authorities.get(row.authority()));
    }

    private Validity.Fixed leafWindow(KubeadmCertificate row, SimulatedNode node) {
        CertificateAges ages = spec.ages();
        if (row == KubeadmCertificate.APISERVER) {
            var expiredFor = spec.faultSet().apiserverExpiredFor(node.role(), node.indexInRole());
            if (expiredFor.isPresent()) {
                Instant notAfter = now.minus(expiredFor.get());
                return Validity.between(notAfter.minus(ages.leafValidity()), notAfter);
            }
        }
        return Validity.between(ages.leafNotBefore(now), ages.leafNotAfter(now));
    }

    private BigInteger serial() {
        // 63 bits with the top one set, like kubeadm's random serials but reproducible from the seed
        return BigInteger.valueOf(random.nextLong(1L << 62, Long.MAX_VALUE));
    }

    private void text(Path target, String content, boolean secret) {
        files.write(
                target, content.getBytes(StandardCharsets.UTF_8), secret ? PkiFileWriter.SECRET : PkiFileWriter.PUBLIC);
    }
}
