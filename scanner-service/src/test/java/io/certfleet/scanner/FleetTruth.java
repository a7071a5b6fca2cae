package io.certfleet.scanner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.certfleet.fleetsim.SimulatedNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What fleet-sim wrote on a node, read independently of the scanner (the JDK's CertificateFactory and a YAML parser,
 * not the pki library): every certificate in every {@code .crt}/{@code .pem} file — a symlink counted under the
 * link's name, its target not twice — and every client certificate embedded in a kubeconfig ({@code .conf}).
 * Kubeconfig CA copies are left out: the inventory records the CA where it is kept ({@code ca.crt}).
 */
public final class FleetTruth {
    private static final Pattern PEM_CERTIFICATE =
            Pattern.compile("-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\\s]+)-----END CERTIFICATE-----");
    private static final YAMLMapper YAML = new YAMLMapper();

    private FleetTruth() {}

    /** One certificate at one place on one node. */
    public record Placed(String node, String path, int index, String sha256, Instant notAfter)
            implements Comparable<Placed> {
        @Override
        public int compareTo(Placed o) {
            return (node + path + index).compareTo(o.node + o.path + o.index);
        }
    }

    public static Set<Placed> of(SimulatedNode node) {
        Path root = node.root();
        Set<Placed> placed = new TreeSet<>();
        Set<Path> linkTargets = new HashSet<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(p -> Files.isRegularFile(p) || Files.isSymbolicLink(p))
                    .sorted()
                    .toList();
            for (Path file : files) {
                if (Files.isSymbolicLink(file)) {
                    linkTargets.add(
                            file.resolveSibling(Files.readSymbolicLink(file)).normalize());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (Path file : files) {
            String name = file.getFileName().toString();
            String onNode = "/" + root.relativize(file).toString();
            if (linkTargets.contains(file.normalize())) {
                continue;
            }
            if (name.endsWith(".crt") || name.endsWith(".pem")) {
                List<X509Certificate> certificates = pemCertificates(read(file));
                for (int i = 0; i < certificates.size(); i++) {
                    placed.add(new Placed(
                            node.name(), onNode, i, sha256(certificates.get(i)), notAfter(certificates.get(i))));
                }
            } else if (name.endsWith(".conf")) {
                int i = 0;
                for (X509Certificate client : kubeconfigClients(read(file))) {
                    placed.add(new Placed(node.name(), onNode, i++, sha256(client), notAfter(client)));
                }
            }
        }
        return placed;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<X509Certificate> pemCertificates(String text) {
        List<X509Certificate> certificates = new ArrayList<>();
        Matcher matcher = PEM_CERTIFICATE.matcher(text);
        while (matcher.find()) {
            byte[] der = Base64.getMimeDecoder().decode(matcher.group(1));
            certificates.add(parse(der));
        }
        return certificates;
    }

    private static List<X509Certificate> kubeconfigClients(String text) {
        try {
            JsonNode config = YAML.readTree(text);
            List<X509Certificate> clients = new ArrayList<>();
            for (JsonNode user : config.path("users")) {
                String data = user.path("user").path("client-certificate-data").asText("");
                if (!data.isEmpty()) {
                    clients.addAll(pemCertificates(
                            new String(Base64.getMimeDecoder().decode(data), StandardCharsets.US_ASCII)));
                }
            }
            return clients;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (java.security.cert.CertificateException e) {
            throw new IllegalStateException("fleet-sim wrote a certificate the JDK cannot read", e);
        }
    }

    private static Instant notAfter(X509Certificate certificate) {
        return certificate.getNotAfter().toInstant();
    }

    public static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
