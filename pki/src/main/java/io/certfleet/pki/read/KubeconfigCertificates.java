package io.certfleet.pki.read;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The certificates of a kubeconfig: {@code users[].user.client-certificate-data} (base64 PEM) or
 * {@code client-certificate} (a file, relative to the kubeconfig), and {@code
 * clusters[].cluster.certificate-authority[-data]}. {@code client-key-data} is never touched.
 */
final class KubeconfigCertificates {
    private final CertificateReader reader;
    private final Optional<Path> directory;

    KubeconfigCertificates(CertificateReader reader, Optional<Path> directory) {
        this.reader = reader;
        this.directory = directory;
    }

    /** Client certificates (the current user first), then cluster CAs. */
    ReadResult all(JsonNode config) {
        ReadResult.Builder out = new ReadResult.Builder();
        if (!config.path("users").isArray() && !config.path("clusters").isArray()) {
            return ReadResult.failed("not a kubeconfig: no users or clusters list");
        }
        Optional<String> current = currentUser(config);
        List<JsonNode> users = new ArrayList<>();
        config.path("users").forEach(users::add);
        users.sort((a, b) -> Boolean.compare(!isUser(a, current), !isUser(b, current)));
        for (JsonNode user : users) {
            CertificateReader.mergeKeepingKinds(client(user), out);
        }
        for (JsonNode cluster : config.path("clusters")) {
            String name = Labels.safe(cluster.path("name").asText(""));
            ReadResult ca = material(
                    cluster.path("cluster"),
                    "certificate-authority-data",
                    "certificate-authority",
                    "kubeconfig cluster '" + name + "'",
                    FoundCertificate.Kind.KUBECONFIG_CLUSTER_AUTHORITY);
            CertificateReader.mergeKeepingKinds(ca, out);
        }
        return out.build();
    }

    /** The client certificate kubectl would use: the current context's user, else the only user. */
    ReadResult currentClient(JsonNode config) {
        if (!config.path("users").isArray()) {
            return ReadResult.failed("not a kubeconfig: no users list");
        }
        Optional<String> current = currentUser(config);
        List<JsonNode> users = new ArrayList<>();
        config.path("users").forEach(users::add);
        for (JsonNode user : users) {
            if (isUser(user, current)) {
                return requireCertificate(client(user), user);
            }
        }
        if (users.size() == 1) {
            return requireCertificate(client(users.get(0)), users.get(0));
        }
        return ReadResult.failed(current.map(u -> "the current context's user '" + Labels.safe(u) + "' is not in users")
                .orElse("no current-context and " + users.size()
                        + " users: cannot tell which client certificate is used"));
    }

    private static ReadResult requireCertificate(ReadResult result, JsonNode user) {
        if (result.certificates().isEmpty() && result.problems().isEmpty()) {
            return ReadResult.failed("user '" + Labels.safe(user.path("name").asText(""))
                    + "' has no client certificate" + " (token or exec authentication?)");
        }
        return result;
    }

    private ReadResult client(JsonNode user) {
        String name = Labels.safe(user.path("name").asText(""));
        return material(
                user.path("user"),
                "client-certificate-data",
                "client-certificate",
                "kubeconfig user '" + name + "'",
                FoundCertificate.Kind.KUBECONFIG_CLIENT);
    }

    private ReadResult material(
            JsonNode holder, String dataField, String fileField, String who, FoundCertificate.Kind kind) {
        ReadResult.Builder out = new ReadResult.Builder();
        ReadResult part;
        String prefix;
        if (holder.hasNonNull(dataField)) {
            prefix = who + " " + dataField;
            byte[] decoded;
            try {
                decoded = Base64.getMimeDecoder().decode(holder.get(dataField).asText(""));
            } catch (IllegalArgumentException e) {
                return ReadResult.failed(prefix + " is not valid base64");
            }
            if (decoded.length == 0) {
                return ReadResult.failed(prefix + " is empty");
            }
            part = reader.read(decoded, Optional.empty());
        } else if (holder.hasNonNull(fileField)) {
            String file = holder.get(fileField).asText("");
            prefix = who + " " + fileField + " " + Labels.safe(file);
            if (directory.isEmpty()) {
                return ReadResult.failed(prefix + ": a file reference cannot be followed from data that is not a file");
            }
            Path target = directory.get().resolve(file);
            part = reader.readFile(target);
        } else {
            return new ReadResult(List.of(), List.of(), List.of());
        }
        for (FoundCertificate found : part.certificates()) {
            out.certificate(
                    prefix + (part.certificates().size() > 1 ? " " + found.source() : ""), kind, found.certificate());
        }
        part.problems().forEach(p -> out.problem(prefix + ": " + p));
        part.skipped().forEach(s -> out.skip(prefix + ": " + s));
        return out.build();
    }

    private static Optional<String> currentUser(JsonNode config) {
        String context = config.path("current-context").asText("");
        if (context.isEmpty()) {
            return Optional.empty();
        }
        for (JsonNode c : config.path("contexts")) {
            if (context.equals(c.path("name").asText())) {
                String user = c.path("context").path("user").asText("");
                return user.isEmpty() ? Optional.empty() : Optional.of(user);
            }
        }
        return Optional.empty();
    }

    private static boolean isUser(JsonNode user, Optional<String> current) {
        return current.isPresent() && current.get().equals(user.path("name").asText());
    }
}
