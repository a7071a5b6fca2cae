package io.certfleet.cli;

import io.certfleet.pki.kubeadm.CertificateAuthority;
import io.certfleet.pki.kubeadm.KubeadmCertificate;
import io.certfleet.pki.kubeadm.NodeIdentity;
import io.certfleet.pki.kubeadm.Usage;
import io.certfleet.pki.testing.Openssl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A control-plane node that kubeadm never saw, for the renewal acceptance: made entirely by {@code
 * openssl} from the requirement table. ca and front-proxy-ca are RSA, etcd-ca is EC; leaves signed by
 * ca are RSA, the etcd ones EC; kubeconfigs embed base64 certificate and key (hand-written, with a
 * comment and fields certfleet does not know) except scheduler.conf, which references files. The
 * front-proxy CA is external: its key is deleted after signing.
 */
final class OpensslRenewTree {
    static final NodeIdentity NODE = NodeIdentity.of("cp-1", "10.0.0.10");

    final Path root;
    final Path certDir;
    final Path configDir;
    final Path work;

    private OpensslRenewTree(Path root) {
        this.root = root;
        this.configDir = root.resolve("etc/kubernetes");
        this.certDir = configDir.resolve("pki");
        this.work = root.resolve("work");
    }

    static OpensslRenewTree create(Path root, int leafDays) {
        OpensslRenewTree tree = new OpensslRenewTree(root);
        try {
            tree.build(leafDays);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return tree;
    }

    private void build(int leafDays) throws IOException {
        Files.createDirectories(certDir.resolve("etcd"));
        Files.createDirectories(work);
        authority(CertificateAuthority.CA, "/CN=kubernetes", true);
        authority(CertificateAuthority.ETCD_CA, "/CN=etcd-ca", false);
        authority(CertificateAuthority.FRONT_PROXY_CA, "/CN=front-proxy-ca", true);
        for (KubeadmCertificate cert : KubeadmCertificate.renewable()) {
            boolean rsa = cert.authority() != CertificateAuthority.ETCD_CA;
            if (cert.isKubeconfig()) {
                Path crt = work.resolve(cert.kubeadmName() + ".crt");
                Path key = work.resolve(cert.kubeadmName() + ".key");
                leaf(cert, crt, key, rsa, leafDays);
                kubeconfig(cert, crt, key);
            } else {
                leaf(
                        cert,
                        certDir.resolve(cert.path()),
                        certDir.resolve(cert.keyPath().orElseThrow()),
                        rsa,
                        leafDays);
            }
        }
        Openssl.ok(work, "genrsa", "-out", certDir.resolve("sa.key").toString(), "2048");
        Openssl.ok(
                work,
                "rsa",
                "-in",
                certDir.resolve("sa.key").toString(),
                "-pubout",
                "-out",
                certDir.resolve("sa.pub").toString());
        Files.createDirectories(configDir.resolve("manifests"));
        Files.writeString(configDir.resolve("manifests/kube-apiserver.yaml"), "apiVersion: v1\nkind: Pod\n");
        // external front-proxy CA: the certificate stays, the key is gone
        Files.delete(certDir.resolve("front-proxy-ca.key"));
        for (Path p : List.of(certDir.resolve("ca.key"), certDir.resolve("etcd/ca.key"), certDir.resolve("sa.key"))) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
    }

    private void authority(CertificateAuthority ca, String subject, boolean rsa) {
        List<String> args = new ArrayList<>(List.of(
                "req",
                "-x509",
                "-nodes",
                "-keyout",
                certDir.resolve(ca.keyPath()).toString(),
                "-out",
                certDir.resolve(ca.certificatePath()).toString(),
                "-days",
                "3650",
                "-subj",
                subject,
                "-addext",
                "basicConstraints=critical,CA:TRUE",
                "-addext",
                "keyUsage=critical,digitalSignature,keyEncipherment,keyCertSign"));
        args.addAll(keyArgs(rsa));
        Openssl.ok(work, args.toArray(String[]::new));
    }

    private void leaf(KubeadmCertificate cert, Path crt, Path key, boolean rsa, int days) throws IOException {
        Files.createDirectories(crt.getParent());
        String subject = (cert.organizations().isEmpty()
                        ? ""
                        : "/O=" + cert.organizations().get(0)) + "/CN=" + cert.commonName(NODE);
        Path csr = work.resolve(cert.kubeadmName() + ".csr");
        List<String> req = new ArrayList<>(
                List.of("req", "-new", "-nodes", "-keyout", key.toString(), "-out", csr.toString(), "-subj", subject));
        req.addAll(keyArgs(rsa));
        Openssl.ok(work, req.toArray(String[]::new));
        List<String> ext = new ArrayList<>();
        ext.add("basicConstraints=critical,CA:FALSE");
        ext.add("keyUsage=critical,digitalSignature" + (rsa ? ",keyEncipherment" : ""));
        ext.add("extendedKeyUsage="
                + cert.usages().stream()
                        .sorted()
                        .map(u -> u == Usage.SERVER ? "serverAuth" : "clientAuth")
                        .collect(Collectors.joining(",")));
        if (!cert.requiredSans(NODE).isEmpty()) {
            ext.add("subjectAltName=" + String.join(",", cert.requiredSans(NODE)));
        }
        Path extFile = work.resolve(cert.kubeadmName() + ".ext");
        Files.writeString(extFile, "[v3]\n" + String.join("\n", ext) + "\n");
        CertificateAuthority ca = cert.authority();
        Openssl.ok(
                work,
                "x509",
                "-req",
                "-in",
                csr.toString(),
                "-CA",
                certDir.resolve(ca.certificatePath()).toString(),
                "-CAkey",
                certDir.resolve(ca.keyPath()).toString(),
                "-set_serial",
                "0x" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE),
                "-days",
                String.valueOf(days),
                "-out",
                crt.toString(),
                "-extfile",
                extFile.toString(),
                "-extensions",
                "v3");
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    private static List<String> keyArgs(boolean rsa) {
        return rsa
                ? List.of("-newkey", "rsa:2048")
                : List.of("-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1");
    }

    private void kubeconfig(KubeadmCertificate cert, Path crt, Path key) throws IOException {
        String user = cert.kubeconfigUser().orElseThrow();
        String credentials;
        if (cert == KubeadmCertificate.SCHEDULER_CONF) {
            Files.copy(crt, configDir.resolve("scheduler-client.crt"));
            Files.copy(key, configDir.resolve("scheduler-client.key"));
            credentials = "    client-certificate: scheduler-client.crt\n    client-key: "
                    + configDir.resolve("scheduler-client.key") + "\n";
        } else {
            credentials = "    client-certificate-data: " + b64(crt) + "\n    client-key-data: " + b64(key) + "\n";
        }
        Path file = configDir.resolve(cert.path());
        Files.writeString(file, """
                # written by hand, not by kubeadm
                apiVersion: v1
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
                kind: Config
                preferences: {}
                users:
                - name: %s
                  user:
                %s    x-unknown-field: keep-me
                """.formatted(b64(certDir.resolve("ca.crt")), user, user, user, user, credentials));
        Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    private static String b64(Path file) throws IOException {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
    }

    /** Every regular file under the configuration directory except {@code tmp/}, relative path → bytes. */
    Map<String, byte[]> snapshot() {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(configDir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String relative = configDir.relativize(p).toString();
                if (!relative.startsWith("tmp/")) {
                    files.put(relative, Files.readAllBytes(p));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    /**
     * The PEM certificate and key of a kubeadm name inside {@code base} (the live configuration directory
     * or a backup of it), written to files openssl can read.
     */
    Path[] certificateAndKey(Path base, KubeadmCertificate cert, String tag) throws IOException {
        if (!cert.isKubeconfig()) {
            return new Path[] {
                base.resolve("pki").resolve(cert.path()),
                base.resolve("pki").resolve(cert.keyPath().orElseThrow())
            };
        }
        if (cert == KubeadmCertificate.SCHEDULER_CONF) {
            return new Path[] {base.resolve("scheduler-client.crt"), base.resolve("scheduler-client.key")};
        }
        String text = Files.readString(base.resolve(cert.path()));
        Path crt = work.resolve(tag + "-" + cert.kubeadmName() + ".crt");
        Path key = work.resolve(tag + "-" + cert.kubeadmName() + ".key");
        Files.write(crt, Base64.getDecoder().decode(field(text, "client-certificate-data")));
        Files.write(key, Base64.getDecoder().decode(field(text, "client-key-data")));
        return new Path[] {crt, key};
    }

    static String field(String yaml, String name) {
        return yaml.lines()
                .map(String::strip)
                .filter(l -> l.startsWith(name + ":"))
                .map(l -> l.substring(name.length() + 1).strip())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name));
    }

    /** The base64 lines (and the embedded kubeconfig form) of every private key under the root. */
    List<String> privateKeyFragments() {
        List<String> fragments = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file, StandardCharsets.ISO_8859_1);
                collect(text, fragments);
                text.lines()
                        .map(String::strip)
                        .filter(l -> l.startsWith("client-key-data:"))
                        .forEach(line -> {
                            String data = line.substring("client-key-data:".length())
                                    .strip()
                                    .replace("\"", "");
                            fragments.add(data.substring(0, 48));
                            collect(new String(Base64.getDecoder().decode(data), StandardCharsets.US_ASCII), fragments);
                        });
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return fragments;
    }

    private static void collect(String text, List<String> fragments) {
        boolean inKey = false;
        for (String line : text.lines().toList()) {
            if (line.startsWith("-----BEGIN") && line.contains("PRIVATE KEY")) {
                inKey = true;
            } else if (line.startsWith("-----END")) {
                inKey = false;
            } else if (inKey && line.length() >= 32) {
                fragments.add(line.substring(0, 32));
            }
        }
    }
}
