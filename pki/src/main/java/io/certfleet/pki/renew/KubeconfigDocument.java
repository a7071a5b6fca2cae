package io.certfleet.pki.renew;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A kubeconfig file as renewal sees it: the client credentials of the user the current context names
 * (kubeadm's files have exactly one), embedded ({@code client-certificate-data}, {@code
 * client-key-data}) or by file ({@code client-certificate}, {@code client-key}, relative to the
 * kubeconfig's directory).
 *
 * <p>Re-embedding replaces only the two base64 values in the original text, so clusters, contexts,
 * comments, field order, quoting and fields certfleet does not know stay byte-for-byte as they were.
 * When the values cannot be found exactly once in the text (a folded scalar, the same credential
 * under two users), the document tree is changed and written out again: every field is still kept,
 * only comments and layout are lost. Either way the result is parsed back and compared with the
 * expected tree before it is used.
 */
final class KubeconfigDocument {

    static final String CERT_DATA = "client-certificate-data";
    static final String KEY_DATA = "client-key-data";
    static final String CERT_FILE = "client-certificate";
    static final String KEY_FILE = "client-key";

    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build());

    /** Where one credential (certificate or key) lives. */
    sealed interface Source {
        record Embedded(String base64) implements Source {}

        record File(Path path) implements Source {}

        record Absent() implements Source {}
    }

    private final Path path;
    private final String text;
    private final JsonNode root;
    private final String userName;
    private final String userPointer;

    private KubeconfigDocument(Path path, String text, JsonNode root, String userName, String userPointer) {
        this.path = path;
        this.text = text;
        this.root = root;
        this.userName = userName;
        this.userPointer = userPointer;
    }

    static KubeconfigDocument parse(Path path, String text) throws CertificateProblem {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            // Jackson's message may quote the offending text, which can be key material: position only
            JsonLocation at = e.getLocation();
            throw CertificateProblem.fail(path + " is not valid YAML"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (root == null || !root.isObject()) {
            throw CertificateProblem.fail(path + " is not a kubeconfig (no YAML mapping)");
        }
        String user = selectUser(path, root);
        JsonNode users = root.path("users");
        for (int i = 0; i < users.size(); i++) {
            if (user.equals(users.get(i).path("name").asText(null))) {
                if (!users.get(i).path("user").isObject()) {
                    throw CertificateProblem.fail(path + ": user '" + user + "' has no credentials");
                }
                return new KubeconfigDocument(path, text, root, user, "/users/" + i + "/user");
            }
        }
        throw CertificateProblem.fail(path + ": user '" + user + "' of the current context is not in users");
    }

    private static String selectUser(Path path, JsonNode root) throws CertificateProblem {
        String current = root.path("current-context").asText("");
        if (!current.isEmpty()) {
            for (JsonNode context : root.path("contexts")) {
                if (current.equals(context.path("name").asText(null))) {
                    String user = context.path("context").path("user").asText("");
                    if (user.isEmpty()) {
                        throw CertificateProblem.fail(path + ": context '" + current + "' names no user");
                    }
                    return user;
                }
            }
            throw CertificateProblem.fail(path + ": current context '" + current + "' is not in contexts");
        }
        JsonNode users = root.path("users");
        if (users.size() == 1) {
            return users.get(0).path("name").asText("");
        }
        throw CertificateProblem.fail(
                path + " has no current-context and " + users.size() + " users; cannot tell which to renew");
    }

    String userName() {
        return userName;
    }

    Source certificate() {
        return source(CERT_DATA, CERT_FILE);
    }

    Source key() {
        return source(KEY_DATA, KEY_FILE);
    }

    private Source source(String dataField, String fileField) {
        JsonNode user = root.at(userPointer);
        String data = user.path(dataField).asText("");
        if (!data.isBlank()) {
            return new Source.Embedded(data);
        }
        String file = user.path(fileField).asText("");
        if (!file.isBlank()) {
            Path referenced = Path.of(file);
            return new Source.File(
                    referenced.isAbsolute()
                            ? referenced
                            : path.toAbsolutePath().getParent().resolve(referenced));
        }
        return new Source.Absent();
    }

    /** Decodes an embedded value; whitespace a folded YAML scalar leaves inside is ignored. */
    static byte[] decode(Source.Embedded embedded) throws CertificateProblem {
        try {
            return Base64.getMimeDecoder().decode(embedded.base64());
        } catch (IllegalArgumentException e) {
            throw CertificateProblem.fail("embedded credential is not base64");
        }
    }

    /**
     * The document with the embedded certificate and/or key replaced by the new PEM texts; an empty
     * argument leaves that field as it is (it is a file reference, written separately).
     */
    String withEmbedded(Optional<String> certificatePem, Optional<String> keyPem) throws CertificateProblem {
        List<Replacement> replacements = new ArrayList<>();
        if (certificatePem.isPresent() && certificate() instanceof Source.Embedded old) {
            replacements.add(new Replacement(CERT_DATA, old.base64(), base64(certificatePem.get())));
        }
        if (keyPem.isPresent() && key() instanceof Source.Embedded old) {
            replacements.add(new Replacement(KEY_DATA, old.base64(), base64(keyPem.get())));
        }
        JsonNode expected = root.deepCopy();
        ObjectNode expectedUser = (ObjectNode) expected.at(userPointer);
        replacements.forEach(r -> expectedUser.put(r.field(), r.newValue()));

        String edited = text;
        boolean textual = true;
        for (Replacement replacement : replacements) {
            if (occurrences(edited, replacement.oldValue()) != 1) {
                textual = false;
                break;
            }
            edited = edited.replace(replacement.oldValue(), replacement.newValue());
        }
        if (textual && expected.equals(reparse(edited))) {
            return edited;
        }
        return render(expected);
    }

    private record Replacement(String field, String oldValue, String newValue) {
        @Override
        public String toString() {
            // the values are credentials
            return "Replacement[" + field + "]";
        }
    }

    /**
     * kubeadm {@code generate-csr}'s partial kubeconfig: the same document with the new key embedded
     * and no client certificate, which the external CA's signed certificate completes.
     */
    String partialWithKey(String keyPem) throws CertificateProblem {
        JsonNode partial = root.deepCopy();
        ObjectNode user = (ObjectNode) partial.at(userPointer);
        user.remove(CERT_DATA);
        user.remove(CERT_FILE);
        user.remove(KEY_FILE);
        user.put(KEY_DATA, base64(keyPem));
        return render(partial);
    }

    private String render(JsonNode tree) throws CertificateProblem {
        try {
            String rendered = YAML.writeValueAsString(tree);
            if (!tree.equals(reparse(rendered))) {
                throw CertificateProblem.fail(path + ": the rewritten kubeconfig does not read back the same");
            }
            return rendered;
        } catch (JsonProcessingException e) {
            throw CertificateProblem.fail(
                    path + ": cannot write the kubeconfig (" + e.getClass().getSimpleName() + ")");
        }
    }

    private static JsonNode reparse(String yaml) {
        try {
            return YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static int occurrences(String haystack, String needle) {
        int count = 0;
        for (int at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length())) {
            count++;
        }
        return count;
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
