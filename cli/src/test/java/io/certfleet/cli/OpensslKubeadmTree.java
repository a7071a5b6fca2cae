package io.certfleet.cli;

import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import io.certfleet.pki.kubeadm.NodeIdentity;
import io.certfleet.pki.kubeadm.Usage;
import io.certfleet.pki.testing.Openssl;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A kubeadm node's PKI made entirely by the {@code openssl} command — a different tool than certfleet
 * — following the requirement table: CAs with {@code req -x509}, leaves signed with {@code x509 -req}
 * with the table's CN, O, SANs and usages, kubeconfigs with embedded base64 certificate and key (one
 * with a file reference), the kubelet's client certificate behind the {@code kubelet-client-current.pem}
 * symlink and its self-signed {@code kubelet.crt}.
 *
 * <p>Twists for the acceptance checks: {@code ca.key} is deleted (an external CA), {@code ca.crt} is a
 * bundle of two CAs, {@code super-admin.conf} is absent (MISSING), {@code front-proxy-client} lives one
 * day and {@code apiserver-etcd-client} ten.
 */
final class OpensslKubeadmTree {
    static final NodeIdentity NODE = NodeIdentity.of("cp-1", "10.0.0.10");

    final Path root;
    final Path certDir;
    final Path configDir;
    final Path kubeletDir;
    final Path work;
    /** For each kubeadm name, the files openssl reads its certificates from (index 0, 1, ...). */
    final Map<String, List<Path>> sources = new LinkedHashMap<>();

    private OpensslKubeadmTree(Path root) {
        this.root = root;
        this.certDir = root.resolve("etc/kubernetes/pki");
        this.configDir = root.resolve("etc/kubernetes");
        this.kubeletDir = root.resolve("var/lib/kubelet/pki");
        this.work = root.resolve("work");
    }

    static OpensslKubeadmTree create(Path root) throws IOException {
        OpensslKubeadmTree tree = new OpensslKubeadmTree(root);
        tree.build();
        return tree;
    }

    String[] dirs() {
        return new String[] {
            "--cert-dir",
            certDir.toString(),
            "--config-dir",
            configDir.toString(),
            "--kubelet-dir",
            kubeletDir.toString()
        };
    }

    private void build() throws IOException {
        Files.createDirectories(certDir.resolve("etcd"));
        Files.createDirectories(kubeletDir);
        Files.createDirectories(work);

        // CAs: ca is RSA and becomes external and a bundle; the others are EC
        selfSigned(work.resolve("ca-current.crt"), certDir.resolve("ca.key"), "/CN=kubernetes", 3650, true, true);
        selfSigned(work.resolve("ca-old.crt"), work.resolve("ca-old.key"), "/CN=kubernetes", 30, true, false);
        selfSigned(certDir.resolve("etcd/ca.crt"), certDir.resolve("etcd/ca.key"), "/CN=etcd-ca", 3650, true, false);
        selfSigned(
                certDir.resolve("front-proxy-ca.crt"),
                certDir.resolve("front-proxy-ca.key"),
                "/CN=front-proxy-ca",
                3650,
                true,
                false);
        Files.writeString(
                certDir.resolve("ca.crt"),
                Files.readString(work.resolve("ca-current.crt")) + Files.readString(work.resolve("ca-old.crt")));
        sources.put("ca", List.of(work.resolve("ca-current.crt"), work.resolve("ca-old.crt")));
        sources.put("etcd-ca", List.of(certDir.resolve("etcd/ca.crt")));
        sources.put("front-proxy-ca", List.of(certDir.resolve("front-proxy-ca.crt")));

        for (KubeadmCertificate cert : KubeadmCertificate.checkExpirationRows()) {
            if (cert == KubeadmCertificate.SUPER_ADMIN_CONF) {
                continue; // left MISSING
            }
            int days = switch (cert) {
                case FRONT_PROXY_CLIENT -> 1;
                case APISERVER_ETCD_CLIENT -> 10;
                default -> 365;
            };
            if (cert.isKubeconfig()) {
                Path crt = work.resolve(cert.kubeadmName() + ".crt");
                Path key = work.resolve(cert.kubeadmName() + ".key");
                signed(cert, crt, key, days, cert == KubeadmCertificate.ADMIN_CONF);
                writeKubeconfig(cert, crt, key);
                sources.put(cert.kubeadmName(), List.of(crt));
            } else {
                Path crt = certDir.resolve(cert.path());
                Path key = certDir.resolve(cert.keyPath().orElseThrow());
                signed(cert, crt, key, days, cert == KubeadmCertificate.APISERVER);
                sources.put(cert.kubeadmName(), List.of(crt));
            }
        }

        // kubelet client: certificate and key in one rotated file, reached through the -current symlink
        Path rotated = kubeletDir.resolve("kubelet-client-2026-01-01-00-00-00.pem");
        signed(
                KubeadmCertificate.KUBELET_CLIENT,
                work.resolve("kubelet-client.crt"),
                work.resolve("kubelet-client.key"),
                365,
                false);
        Files.writeString(
                rotated,
                Files.readString(work.resolve("kubelet-client.crt"))
                        + Files.readString(work.resolve("kubelet-client.key")));
        Files.createSymbolicLink(kubeletDir.resolve("kubelet-client-current.pem"), rotated.getFileName());
        sources.put("kubelet-client", List.of(kubeletDir.resolve("kubelet-client-current.pem")));

        // kubelet serving: self-signed by the kubelet
        Path ext = extFile(
                "kubelet",
                "basicConstraints=critical,CA:FALSE",
                "keyUsage=critical,digitalSignature",
                "extendedKeyUsage=serverAuth",
                "subjectAltName=DNS:cp-1,IP:10.0.0.10");
        Openssl.ok(
                work,
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
                "-nodes",
                "-keyout",
                kubeletDir.resolve("kubelet.key").toString(),
                "-out",
                kubeletDir.resolve("kubelet.crt").toString(),
                "-days",
                "365",
                "-subj",
                "/CN=cp-1@1700000000",
                "-extensions",
                "v3",
                "-config",
                ext.toString());
        sources.put("kubelet-serving", List.of(kubeletDir.resolve("kubelet.crt")));

        // the CA key goes away after signing: kubeadm calls this an external CA
        Files.delete(certDir.resolve("ca.key"));
    }

    private void selfSigned(Path crt, Path key, String subject, int days, boolean ca, boolean rsa) {
        List<String> args = new ArrayList<>(List.of(
                "req",
                "-x509",
                "-nodes",
                "-keyout",
                key.toString(),
                "-out",
                crt.toString(),
                "-days",
                String.valueOf(days),
                "-subj",
                subject));
        args.addAll(
                rsa
                        ? List.of("-newkey", "rsa:2048")
                        : List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"));
        if (ca) {
            args.addAll(List.of(
                    "-addext",
                    "basicConstraints=critical,CA:TRUE",
                    "-addext",
                    "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign"));
        }
        Openssl.ok(work, args.toArray(String[]::new));
    }

    private void signed(KubeadmCertificate cert, Path crt, Path key, int days, boolean rsa) throws IOException {
        Files.createDirectories(crt.getParent());
        String subject = (cert.organizations().isEmpty()
                        ? ""
                        : "/O=" + cert.organizations().get(0)) + "/CN=" + cert.commonName(NODE);
        Path csr = work.resolve(cert.kubeadmName() + ".csr");
        List<String> req = new ArrayList<>(
                List.of("req", "-new", "-nodes", "-keyout", key.toString(), "-out", csr.toString(), "-subj", subject));
        req.addAll(
                rsa
                        ? List.of("-newkey", "rsa:2048")
                        : List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"));
        Openssl.ok(work, req.toArray(String[]::new));

        List<String> lines = new ArrayList<>();
        lines.add("basicConstraints=critical,CA:FALSE");
        lines.add("keyUsage=critical,digitalSignature" + (rsa ? ",keyEncipherment" : ""));
        lines.add("extendedKeyUsage="
                + cert.usages().stream()
                        .sorted()
                        .map(u -> u == Usage.SERVER ? "serverAuth" : "clientAuth")
                        .collect(Collectors.joining(",")));
        List<String> sans = cert.requiredSans(NODE);
        if (!sans.isEmpty()) {
            lines.add("subjectAltName=" + String.join(",", sans));
        }
        Path ext = extFile(cert.kubeadmName(), lines.toArray(String[]::new));

        CertificateAuthority authority = cert.authority();
        Path caCrt = authority == CertificateAuthority.CA
                ? work.resolve("ca-current.crt")
                : certDir.resolve(authority.certificatePath());
        Path caKey = certDir.resolve(authority.keyPath());
        Openssl.ok(
                work,
                "x509",
                "-req",
                "-in",
                csr.toString(),
                "-CA",
                caCrt.toString(),
                "-CAkey",
                caKey.toString(),
                "-CAcreateserial",
                "-days",
                String.valueOf(days),
                "-out",
                crt.toString(),
                "-extfile",
                ext.toString(),
                "-extensions",
                "v3");
    }

    private Path extFile(String name, String... lines) throws IOException {
        Path ext = work.resolve(name + ".ext");
        Files.writeString(ext, "[v3]\n" + String.join("\n", lines) + "\n" + "[req]\ndistinguished_name=dn\n[dn]\n");
        return ext;
    }

    private void writeKubeconfig(KubeadmCertificate cert, Path crt, Path key) throws IOException {
        String user = cert.kubeconfigUser().orElse("default-user");
        String ca = b64(Files.readString(work.resolve("ca-current.crt")));
        String credentials;
        if (cert == KubeadmCertificate.SCHEDULER_CONF) {
            // the file-reference form, relative to the kubeconfig
            Path pem = configDir.resolve("scheduler-client.pem");
            Files.writeString(pem, Files.readString(crt) + Files.readString(key));
            credentials = "    client-certificate: scheduler-client.pem\n    client-key: scheduler-client.pem\n";
        } else {
            credentials = "    client-certificate-data: " + b64(Files.readString(crt)) + "\n    client-key-data: "
                    + b64(Files.readString(key)) + "\n";
        }
        Files.writeString(configDir.resolve(cert.path()), """
                apiVersion: v1
                kind: Config
                clusters:
                - cluster:
                    certificate-authority-data: %s
                    server: https://10.0.0.10:6443
                  name: kubernetes
                contexts:
                - context:
                    cluster: kubernetes
                    user: %s
                  name: %s@kubernetes
                current-context: %s@kubernetes
                preferences: {}
                users:
                - name: %s
                  user:
                %s""".formatted(ca, user, user, user, user, credentials));
    }

    private static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Every base64 line of every private key in the tree, in PEM or inside kubeconfigs. */
    List<String> privateKeyFragments() throws IOException {
        List<String> fragments = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                boolean inKey = false;
                for (String line : text.lines().toList()) {
                    if (line.startsWith("-----BEGIN") && line.contains("PRIVATE KEY")) {
                        inKey = true;
                    } else if (line.startsWith("-----END")) {
                        inKey = false;
                    } else if (inKey && line.length() >= 24) {
                        fragments.add(line.substring(0, 24));
                    }
                    if (line.strip().startsWith("client-key-data:")) {
                        String data = line.strip()
                                .substring("client-key-data:".length())
                                .strip();
                        fragments.add(data.substring(0, 40));
                        String decoded = new String(Base64.getDecoder().decode(data), StandardCharsets.US_ASCII);
                        decoded.lines()
                                .filter(l -> !l.startsWith("-----") && l.length() >= 24)
                                .forEach(l -> fragments.add(l.substring(0, 24)));
                    }
                }
            }
        }
        return fragments;
    }
}
