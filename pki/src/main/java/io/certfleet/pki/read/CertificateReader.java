package io.certfleet.pki.read;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.certfleet.pki.inspect.CertificateInspector;
import io.certfleet.pki.inspect.DerContent;
import io.certfleet.pki.inspect.Inspection;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads certificates from anything a cluster keeps them in: PEM (any number of blocks, text around
 * them, CRLF), DER, PKCS#7, PKCS#12, kubeconfig files (embedded {@code -data} or a file path) and
 * Kubernetes Secrets (as YAML files or as a data map). {@link #read} detects the format.
 *
 * <p>Bad input never throws: every problem becomes a specific, printable reason in the {@link
 * ReadResult}. Private key blocks are recognized by their label or shape and skipped without being
 * decoded, so no key byte can reach a reason, a log or an output.
 */
public final class CertificateReader {
    private static final Pattern BASE64 = Pattern.compile("[A-Za-z0-9+/=\\s]+");
    private static final YAMLMapper YAML = new YAMLMapper();

    private final ReadOptions options;

    public CertificateReader(ReadOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    public ReadOptions options() {
        return options;
    }

    /** Reads one file (size-capped, symlinks followed); relative kubeconfig paths resolve beside it. */
    public ReadResult readFile(Path path) {
        return switch (FileContent.read(path, options.maxFileBytes())) {
            case FileContent.Loaded loaded -> read(loaded.bytes(), Optional.ofNullable(path.getParent()));
            case FileContent.Unreadable unreadable -> ReadResult.failed(unreadable.reason());
        };
    }

    /**
     * Reads bytes of any supported format.
     *
     * @param directory where relative file references of a kubeconfig resolve; empty when the bytes
     *     do not come from a file (then such references are reported, not followed)
     */
    public ReadResult read(byte[] content, Optional<Path> directory) {
        if (content.length == 0) {
            return ReadResult.failed("empty file");
        }
        if (PemBlocks.containsPem(content)) {
            return readPem(content);
        }
        if ((content[0] & 0xff) == 0x30) {
            return readDer(content);
        }
        Optional<String> text = asText(content);
        if (text.isEmpty()) {
            return ReadResult.failed("not a certificate: binary data that is neither PEM nor DER");
        }
        return readText(text.get(), directory);
    }

    /** Every PEM block: certificates are read, private keys skipped unread, other labels noted. */
    public ReadResult readPem(byte[] content) {
        ReadResult.Builder out = new ReadResult.Builder();
        List<PemBlocks.Block> blocks = PemBlocks.split(content);
        if (blocks.isEmpty()) {
            return ReadResult.failed(
                    "not a certificate: a PEM BEGIN marker is present but no PEM block is well formed");
        }
        for (PemBlocks.Block block : blocks) {
            if (block.isPrivateKey()) {
                // never decoded: the reason names the block, nothing of its content
                out.skip(block.describe() + ": private key, not read");
                continue;
            }
            if (block.problem() != null) {
                out.problem(block.describe() + " " + block.problem());
                continue;
            }
            byte[] der;
            try {
                der = block.decode();
            } catch (IllegalArgumentException e) {
                out.problem(block.describe() + ": " + e.getMessage());
                continue;
            }
            switch (block.label()) {
                case "CERTIFICATE", "X509 CERTIFICATE", "X.509 CERTIFICATE", "TRUSTED CERTIFICATE" ->
                    inspect(der, "PEM block " + block.number(), out, block.describe() + ": ");
                case "PKCS7", "CMS", "CERTIFICATE CHAIN" ->
                    out.add(pkcs7(der), "PEM block " + block.number(), FoundCertificate.Kind.CERTIFICATE);
                case "PUBLIC KEY", "RSA PUBLIC KEY" -> out.skip(block.describe() + ": public key, not a certificate");
                case "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST" ->
                    out.skip(block.describe() + ": certificate signing request, not a certificate");
                default -> out.skip(block.describe() + ": not a certificate");
            }
        }
        ReadResult result = out.build();
        if (result.certificates().isEmpty() && result.problems().isEmpty() && !onlyKeys(result)) {
            return new ReadResult(
                    List.of(),
                    List.of("not a certificate: the PEM blocks hold no certificate ("
                            + String.join("; ", result.skipped()) + ")"),
                    List.of());
        }
        return result;
    }

    /** A DER certificate, PKCS#7 bundle or PKCS#12 store; a DER key is skipped unread. */
    public ReadResult readDer(byte[] content) {
        ReadResult.Builder out = new ReadResult.Builder();
        switch (DerContent.kind(content)) {
            case CERTIFICATE -> inspect(content, "DER", out, "");
            case PKCS7 -> out.add(pkcs7(content), "", FoundCertificate.Kind.CERTIFICATE);
            case PKCS12 -> out.add(readPkcs12(content), "", FoundCertificate.Kind.CERTIFICATE);
            case PRIVATE_KEY -> out.skip("DER private key, not read");
            case PUBLIC_KEY -> out.skip("DER public key, not a certificate");
            case CERTIFICATE_REQUEST -> out.skip("DER certificate signing request, not a certificate");
            case UNKNOWN -> out.problem("not a certificate: DER data of an unknown structure");
            case NOT_DER -> out.problem("not a certificate: not valid DER (" + DerContent.notDerReason(content) + ")");
        }
        return out.build();
    }

    /** A PKCS#12 store, opened with {@link ReadOptions#pkcs12Password()}. */
    public ReadResult readPkcs12(byte[] content) {
        return Pkcs12Certificates.read(content, options.pkcs12Password());
    }

    /** Every certificate of a kubeconfig: each user's client certificate, then each cluster's CA. */
    public ReadResult readKubeconfig(byte[] content, Optional<Path> directory) {
        return parseYaml(content)
                .map(docs -> kubeconfig(directory).all(docs.get(0)))
                .orElseGet(() -> ReadResult.failed("not a kubeconfig: not valid YAML"));
    }

    /**
     * Only the client certificate of the current context's user (or of the only user): what {@code
     * kubeadm certs check-expiration} reports for {@code admin.conf} and the other kubeconfig files.
     */
    public ReadResult readKubeconfigClient(byte[] content, Optional<Path> directory) {
        return parseYaml(content)
                .map(docs -> kubeconfig(directory).currentClient(docs.get(0)))
                .orElseGet(() -> ReadResult.failed("not a kubeconfig: not valid YAML"));
    }

    /** Reads a kubeconfig file for its current client certificate (size cap and symlink rules apply). */
    public ReadResult readKubeconfigClientFile(Path path) {
        return switch (FileContent.read(path, options.maxFileBytes())) {
            case FileContent.Loaded loaded ->
                readKubeconfigClient(loaded.bytes(), Optional.ofNullable(path.getParent()));
            case FileContent.Unreadable unreadable -> ReadResult.failed(unreadable.reason());
        };
    }

    /**
     * The certificates of a Kubernetes Secret given as its decoded {@code data} map: {@code tls.crt},
     * {@code ca.crt}, any {@code *.crt}/{@code *.pem}, and a kubeconfig under {@code value} (Cluster API
     * {@code <cluster>-kubeconfig}). Keys ({@code tls.key}, ...) are never read.
     */
    public ReadResult readSecret(String secretName, Map<String, byte[]> data) {
        return SecretCertificates.read(this, secretName, data);
    }

    // --- helpers -------------------------------------------------------------------------------

    void inspect(byte[] der, String source, ReadResult.Builder out, String problemPrefix) {
        switch (CertificateInspector.inspect(der)) {
            case Inspection.Parsed parsed ->
                out.certificate(source, FoundCertificate.Kind.CERTIFICATE, parsed.certificate());
            case Inspection.Refused refused ->
                out.problem(problemPrefix + "not a readable certificate: " + refused.reason());
        }
    }

    private ReadResult pkcs7(byte[] der) {
        ReadResult.Builder out = new ReadResult.Builder();
        List<byte[]> certificates = DerContent.pkcs7Certificates(der);
        if (certificates.isEmpty()) {
            return ReadResult.failed("PKCS#7 data holds no certificate");
        }
        int n = 1;
        for (byte[] cert : certificates) {
            inspect(cert, "PKCS#7 certificate " + n, out, "PKCS#7 certificate " + n + ": ");
            n++;
        }
        return out.build();
    }

    private ReadResult readText(String text, Optional<Path> directory) {
        Optional<List<JsonNode>> documents = parseYaml(text.getBytes(StandardCharsets.UTF_8));
        if (documents.isPresent()) {
            ReadResult.Builder out = new ReadResult.Builder();
            for (JsonNode doc : documents.get()) {
                readManifest(doc, directory, out);
            }
            if (!out.isEmpty()) {
                return out.build();
            }
        }
        // base64 of a PEM or DER certificate (a copied client-certificate-data, a Secret value)
        String stripped = text.strip();
        if (stripped.length() >= 16 && BASE64.matcher(stripped).matches()) {
            try {
                byte[] decoded = Base64.getMimeDecoder().decode(stripped);
                if (decoded.length > 0 && (PemBlocks.containsPem(decoded) || (decoded[0] & 0xff) == 0x30)) {
                    ReadResult.Builder out = new ReadResult.Builder();
                    out.add(read(decoded, Optional.empty()), "base64", FoundCertificate.Kind.CERTIFICATE);
                    return out.build();
                }
            } catch (IllegalArgumentException e) {
                // not base64 after all
            }
        }
        return ReadResult.failed("not a certificate: text with no PEM block, and not a kubeconfig or Secret");
    }

    private void readManifest(JsonNode doc, Optional<Path> directory, ReadResult.Builder out) {
        if (doc == null || !doc.isObject()) {
            return;
        }
        String kind = doc.path("kind").asText("");
        if ("Config".equals(kind) || doc.has("clusters") || doc.has("users")) {
            mergeKeepingKinds(kubeconfig(directory).all(doc), out);
        } else if ("Secret".equals(kind)) {
            String name = Labels.safe(doc.path("metadata").path("name").asText("unnamed"));
            Map<String, byte[]> data = new TreeMap<>();
            List<String> undecodable = new ArrayList<>();
            doc.path("data").fields().forEachRemaining(e -> {
                try {
                    data.put(
                            e.getKey(),
                            Base64.getMimeDecoder().decode(e.getValue().asText("")));
                } catch (IllegalArgumentException ex) {
                    undecodable.add(e.getKey());
                }
            });
            doc.path("stringData")
                    .fields()
                    .forEachRemaining(
                            e -> data.put(e.getKey(), e.getValue().asText("").getBytes(StandardCharsets.UTF_8)));
            for (String key : undecodable) {
                out.problem("Secret " + name + " key " + Labels.safe(key) + ": data is not valid base64");
            }
            mergeKeepingKinds(readSecret(name, data), out);
        } else if ("List".equals(kind) || doc.has("items")) {
            for (JsonNode item : doc.path("items")) {
                readManifest(item, directory, out);
            }
        }
    }

    /** Adds a part whose certificates keep their own kinds (kubeconfig client vs cluster CA). */
    static void mergeKeepingKinds(ReadResult part, ReadResult.Builder out) {
        for (FoundCertificate found : part.certificates()) {
            out.certificate(found.source(), found.kind(), found.certificate());
        }
        part.problems().forEach(out::problem);
        part.skipped().forEach(out::skip);
    }

    private KubeconfigCertificates kubeconfig(Optional<Path> directory) {
        return new KubeconfigCertificates(this, directory);
    }

    static Optional<List<JsonNode>> parseYaml(byte[] content) {
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(content)) {
            List<JsonNode> docs = new ArrayList<>();
            while (it.hasNextValue()) {
                docs.add(it.nextValue());
            }
            return docs.isEmpty() ? Optional.empty() : Optional.of(docs);
        } catch (JsonProcessingException | RuntimeException e) {
            // YAML error messages quote the offending text, which may be key material: say nothing of it
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> asText(byte[] content) {
        for (byte b : content) {
            if (b == 0) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(content))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static boolean onlyKeys(ReadResult result) {
        return !result.skipped().isEmpty()
                && result.skipped().stream().allMatch(s -> s.contains("private key") || s.contains("public key"));
    }
}
