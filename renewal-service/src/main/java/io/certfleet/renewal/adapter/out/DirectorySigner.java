package io.certfleet.renewal.adapter.out;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.certfleet.renewal.application.ClusterApiException;
import io.certfleet.renewal.application.ClusterProfile;
import io.certfleet.renewal.application.ExternalSigner;
import io.certfleet.renewal.domain.execution.FailureReason;
import io.certfleet.renewal.domain.execution.StepResult.SigningRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@link ExternalSigner} as a hand-off directory, for a CA that no controller drives (an offline CA, a PKI team working
 * from tickets): each request is {@code <dir>/<cluster>/<node>/<reference>.csr} with a {@code .json} saying what is
 * asked (signer, usages, validity); whoever signs puts {@code <reference>.crt} beside it, or {@code
 * <reference>.denied} with a reason. Files appear atomically (written aside, then renamed).
 */
final class DirectorySigner implements ExternalSigner {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int MAX_REASON = 500;

    private final Path directory;

    DirectorySigner(Path directory) {
        this.directory = directory;
    }

    @Override
    public String kind() {
        return "directory";
    }

    @Override
    public boolean needsClusterApi() {
        return false;
    }

    @Override
    public void submit(ClusterProfile cluster, SigningRequest request) {
        Path csr = file(cluster, request, ".csr");
        try {
            Files.createDirectories(csr.getParent());
            if (Files.exists(csr)) {
                if (!Files.readString(csr, StandardCharsets.US_ASCII).equals(request.csr())) {
                    throw new ClusterApiException(
                            FailureReason.POLICY, csr + " exists with another request; it is not this renewal's");
                }
                return;
            }
            Map<String, Object> asked = new LinkedHashMap<>();
            asked.put("certificate", request.name());
            asked.put("authority", request.authority());
            asked.put("signerName", request.signerName());
            asked.put("usages", request.usages());
            asked.put("expirationSeconds", request.expirationSeconds());
            asked.put("labels", request.labels());
            asked.put(
                    "answer",
                    "put the signed certificate (PEM) in "
                            + file(cluster, request, ".crt").getFileName() + ", or a reason in "
                            + file(cluster, request, ".denied").getFileName());
            write(file(cluster, request, ".json"), JSON.writeValueAsBytes(asked));
            write(csr, request.csr().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new ClusterApiException(
                    FailureReason.TRANSIENT,
                    "cannot write " + csr + " (" + e.getClass().getSimpleName() + ")",
                    e);
        }
    }

    @Override
    public Signing status(ClusterProfile cluster, SigningRequest request) {
        Path certificate = file(cluster, request, ".crt");
        Path denied = file(cluster, request, ".denied");
        try {
            if (Files.exists(denied)) {
                String reason = Files.readString(denied, StandardCharsets.UTF_8).strip();
                return new Signing.Refused(denied + ": "
                        + (reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) + "…" : reason));
            }
            if (Files.exists(certificate)) {
                return new Signing.Issued(Files.readString(certificate, StandardCharsets.US_ASCII));
            }
        } catch (IOException e) {
            throw new ClusterApiException(
                    FailureReason.TRANSIENT,
                    "cannot read the answer to " + file(cluster, request, ".csr") + " ("
                            + e.getClass().getSimpleName() + ")",
                    e);
        }
        if (!Files.exists(file(cluster, request, ".csr"))) {
            return new Signing.Refused(file(cluster, request, ".csr") + " is gone (removed before it was signed)");
        }
        return new Signing.Pending("waiting for " + certificate + " (signer " + request.signerName() + ")");
    }

    private Path file(ClusterProfile cluster, SigningRequest request, String suffix) {
        String node = request.labels().getOrDefault(LABEL_NODE, "cluster");
        for (String part : new String[] {cluster.id(), node, request.reference()}) {
            if (!part.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
                throw new ClusterApiException(
                        FailureReason.INVALID_INPUT, "'" + part + "' cannot name a file under " + directory);
            }
        }
        return directory.resolve(cluster.id()).resolve(node).resolve(request.reference() + suffix);
    }

    private static void write(Path file, byte[] content) throws IOException {
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.write(temporary, content);
        try {
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
