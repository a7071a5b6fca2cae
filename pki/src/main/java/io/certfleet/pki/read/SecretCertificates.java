package io.certfleet.pki.read;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The certificates of a Kubernetes Secret's decoded {@code data}: {@code kubernetes.io/tls} ({@code
 * tls.crt}, {@code ca.crt}), and the Cluster API shapes — {@code <cluster>-ca}, {@code -etcd},
 * {@code -proxy} ({@code tls.crt} + {@code tls.key}), {@code -sa} (a key pair, no certificate) and
 * {@code -kubeconfig} (a kubeconfig under {@code value}). Private key entries are never read.
 */
final class SecretCertificates {
    private SecretCertificates() {}

    static ReadResult read(CertificateReader reader, String secretName, Map<String, byte[]> data) {
        ReadResult.Builder out = new ReadResult.Builder();
        String name = Labels.safe(secretName);
        for (Map.Entry<String, byte[]> entry : new TreeMap<>(data).entrySet()) {
            String key = entry.getKey();
            String prefix = "Secret " + name + " key " + Labels.safe(key);
            if (isKey(key)) {
                out.skip(prefix + ": private key, not read");
                continue;
            }
            byte[] value = entry.getValue() == null ? new byte[0] : entry.getValue();
            boolean certificateKey = isCertificateKey(key);
            boolean kubeconfigKey = "value".equals(key) || key.endsWith(".conf") || key.endsWith("kubeconfig");
            if (!certificateKey && !kubeconfigKey) {
                // other keys (token, namespace, config) are read only if they turn out to hold certificates
                ReadResult probe = reader.read(value, Optional.empty());
                if (!probe.certificates().isEmpty()) {
                    add(probe, prefix, out);
                }
                continue;
            }
            if (value.length == 0) {
                out.problem(prefix + ": empty");
                continue;
            }
            add(reader.read(value, Optional.empty()), prefix, out);
        }
        return out.build();
    }

    private static void add(ReadResult part, String prefix, ReadResult.Builder out) {
        for (FoundCertificate found : part.certificates()) {
            out.certificate(prefix + " " + found.source(), found.kind(), found.certificate());
        }
        part.problems().forEach(p -> out.problem(prefix + ": " + p));
        part.skipped().forEach(s -> out.skip(prefix + ": " + s));
    }

    private static boolean isKey(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.endsWith(".key")
                || k.contains("private")
                || k.equals("key")
                || k.endsWith("-key")
                || k.endsWith("_key")
                || k.endsWith(".p8");
    }

    private static boolean isCertificateKey(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.endsWith(".crt")
                || k.endsWith(".pem")
                || k.endsWith(".cert")
                || k.endsWith(".cer")
                || k.endsWith(".p12")
                || k.endsWith(".pfx")
                || k.endsWith(".p7b");
    }
}
