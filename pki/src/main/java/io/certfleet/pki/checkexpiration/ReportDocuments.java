package io.certfleet.pki.checkexpiration;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.certfleet.pki.inspect.CertificateFacts;
import io.certfleet.pki.inspect.Finding;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON and YAML documents of {@code check-expiration} and {@code scan}:
 *
 * <pre>{@code
 * {"certificates": [...], "certificateAuthorities": [...], "missing": [...], "errors": [{"path", "reason"}]}
 * }</pre>
 *
 * Each entry has {@code name}, {@code index}, {@code path}, {@code source}, {@code subject}, {@code
 * issuer}, {@code serialNumber}, {@code sha256}, {@code notBefore}, {@code notAfter} (RFC 3339 UTC,
 * seconds), {@code residualSeconds}, {@code certificateAuthority}, {@code externallyManaged}, {@code
 * sans}, {@code keyAlgorithm}, {@code keySize}, {@code curve}, {@code signatureAlgorithm}, {@code
 * keyUsages}, {@code extendedKeyUsages}, {@code basicConstraintsCA}, {@code selfSigned}, {@code
 * findings} (each {@code code}, {@code severity}, {@code message}). Absent values are {@code null}.
 */
public final class ReportDocuments {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // a serial "01" or an all-digit fingerprint must stay a string for YAML readers
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build());

    private ReportDocuments() {}

    public static ObjectNode checkExpiration(CheckExpirationReport report) {
        ObjectNode doc = NODES.objectNode();
        ArrayNode certificates = doc.putArray("certificates");
        ArrayNode authorities = doc.putArray("certificateAuthorities");
        ArrayNode missing = doc.putArray("missing");
        for (ExpirationRow row : report.certificates()) {
            add(row, certificates, missing, "certificate");
        }
        for (ExpirationRow row : report.authorities()) {
            add(row, authorities, missing, "certificateAuthority");
        }
        errors(doc.putArray("errors"), report.errors());
        return doc;
    }

    public static ObjectNode scan(ScanReport report) {
        ObjectNode doc = NODES.objectNode();
        ArrayNode certificates = doc.putArray("certificates");
        report.certificates().forEach(e -> certificates.add(entry(e)));
        errors(doc.putArray("errors"), report.errors());
        ArrayNode skipped = doc.putArray("skipped");
        for (ReportError s : report.skipped()) {
            skipped.addObject().put("path", s.path()).put("reason", s.reason());
        }
        return doc;
    }

    public static String json(ObjectNode document) {
        try {
            return JSON.writeValueAsString(document) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String yaml(ObjectNode document) {
        try {
            return YAML.writeValueAsString(document);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void add(ExpirationRow row, ArrayNode present, ArrayNode missing, String kind) {
        switch (row) {
            case ExpirationRow.Present p -> present.add(entry(p.entry()));
            case ExpirationRow.Missing m ->
                missing.addObject().put("name", m.name()).put("path", m.path()).put("kind", kind);
            case ExpirationRow.Unreadable u -> {
                // reported in "errors" with its reason
            }
        }
    }

    static ObjectNode entry(CertificateEntry e) {
        CertificateFacts f = e.facts();
        ObjectNode node = NODES.objectNode();
        node.put("name", e.name().orElse(null));
        node.put("index", e.index());
        node.put("path", e.path());
        node.put("source", e.source());
        node.put("subject", f.subject());
        node.put("issuer", f.issuer());
        node.put("serialNumber", f.serialNumber());
        node.put("sha256", f.sha256());
        node.put("notBefore", KubeadmTimeFormat.rfc3339(f.notBefore()));
        node.put("notAfter", KubeadmTimeFormat.rfc3339(f.notAfter()));
        node.put("residualSeconds", e.residualSeconds());
        node.put("certificateAuthority", e.certificateAuthority().orElse(null));
        node.put("externallyManaged", e.externallyManaged());
        strings(node.putArray("sans"), f.sans());
        node.put("keyAlgorithm", f.keyAlgorithm());
        node.put("keySize", f.keySize());
        node.put("curve", f.curve().orElse(null));
        node.put("signatureAlgorithm", f.signatureAlgorithm());
        strings(node.putArray("keyUsages"), f.keyUsages());
        strings(node.putArray("extendedKeyUsages"), f.extendedKeyUsages());
        node.put("basicConstraintsCA", f.ca());
        node.put("selfSigned", f.selfSigned());
        ArrayNode findings = node.putArray("findings");
        for (Finding finding : e.findings()) {
            findings.addObject()
                    .put("code", finding.code())
                    .put("severity", finding.severity().name())
                    .put("message", finding.message());
        }
        return node;
    }

    private static void errors(ArrayNode array, List<ReportError> errors) {
        for (ReportError error : errors) {
            array.addObject().put("path", error.path()).put("reason", error.reason());
        }
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }
}
