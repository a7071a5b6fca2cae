package io.certfleet.pki.kubeconfig;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.certfleet.pki.issue.IssuanceException;
import io.certfleet.pki.issue.IssuanceException.Reason;
import io.certfleet.pki.issue.Pem;
import io.certfleet.pki.issue.PkiFileWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes kubeconfig files in the shape {@code kubeadm} and {@code kubectl config} produce: {@code
 * apiVersion}, {@code clusters} (server + {@code certificate-authority-data}), {@code contexts},
 * {@code current-context}, {@code kind}, {@code preferences}, {@code users} (embedded {@code
 * client-certificate-data}/{@code client-key-data} or file paths). Files are written atomically
 * with mode 0600 since they hold a private key. Write-only: reading kubeconfigs belongs to the
 * read side of {@code pki}.
 */
public final class KubeconfigWriter {

    private final YAMLMapper yaml = new YAMLMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .build());
    private final PkiFileWriter files;

    /** Writes durably (forced to disk). */
    public KubeconfigWriter() {
        this(new PkiFileWriter());
    }

    public KubeconfigWriter(PkiFileWriter files) {
        this.files = files;
    }

    /** The kubeconfig as YAML text. */
    public String render(KubeconfigSpec spec) {
        Map<String, Object> cluster = new LinkedHashMap<>();
        cluster.put("certificate-authority-data", base64(Pem.encodeCertificate(spec.certificateAuthority())));
        cluster.put("server", spec.server());

        Map<String, Object> user = new LinkedHashMap<>();
        switch (spec.credentials()) {
            case ClientCredentials.Embedded embedded -> {
                user.put("client-certificate-data", base64(Pem.encodeCertificate(embedded.certificate())));
                user.put("client-key-data", base64(Pem.encodePrivateKeyTraditional(embedded.privateKey())));
            }
            case ClientCredentials.Files paths -> {
                user.put("client-certificate", paths.certificatePath());
                user.put("client-key", paths.keyPath());
            }
        }

        Map<String, Object> root = new LinkedHashMap<>();
        root.put("apiVersion", "v1");
        root.put("clusters", List.of(named(spec.clusterName(), "cluster", cluster)));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("cluster", spec.clusterName());
        context.put("user", spec.userName());
        root.put("contexts", List.of(named(spec.contextName(), "context", context)));
        root.put("current-context", spec.contextName());
        root.put("kind", "Config");
        root.put("preferences", Map.of());
        root.put("users", List.of(named(spec.userName(), "user", user)));
        try {
            return yaml.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            // the message could quote values; keep only the type
            throw new IssuanceException(
                    Reason.INVALID_SPEC,
                    "cannot render kubeconfig for user " + spec.userName() + ": "
                            + e.getClass().getSimpleName());
        }
    }

    /** Renders and writes atomically with mode 0600. */
    public void write(KubeconfigSpec spec, Path target) {
        files.write(target, render(spec).getBytes(StandardCharsets.UTF_8), PkiFileWriter.SECRET);
    }

    private static Map<String, Object> named(String name, String key, Map<String, Object> value) {
        // kubectl orders the entry's keys alphabetically: the payload, then name
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put(key, value);
        entry.put("name", name);
        return entry;
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
