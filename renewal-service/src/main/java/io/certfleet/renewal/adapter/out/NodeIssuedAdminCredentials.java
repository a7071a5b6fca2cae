package io.certfleet.renewal.adapter.out;

import io.certfleet.nodeagent.NodeRequest;
import io.certfleet.nodeagent.NodeResponse;
import io.certfleet.nodeagent.NodeTarget;
import io.certfleet.nodeagent.OperationResult;
import io.certfleet.pki.issue.Pem;
import io.certfleet.renewal.application.AdminCredentials;
import io.certfleet.renewal.application.ClusterApiException;
import io.certfleet.renewal.application.NodeAccess;
import io.certfleet.renewal.application.NodeOutcomes;
import io.certfleet.renewal.domain.execution.FailureReason;
import io.certfleet.renewal.domain.policy.NodeAccessPath;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.Base64;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * {@link AdminCredentials} issued by the node: an ECDSA P-256 key made here, a CSR for it sent to node-agent's {@code
 * ISSUE_CLIENT_CERTIFICATE}, which signs it with the node's CA under {@code admin.conf}'s identity. The key is never on
 * a node, in a request or in a response; node errors are reported with the node's words, which name files only.
 */
@Singleton
final class NodeIssuedAdminCredentials implements AdminCredentials {
    private static final String KUBECONFIG = "admin.conf";

    private final NodeAccess nodes;
    private final SecureRandom random = new SecureRandom();

    NodeIssuedAdminCredentials(NodeAccess nodes) {
        this.nodes = nodes;
    }

    @Override
    public Credentials issue(NodeTarget node, NodeAccessPath path, Duration validity) {
        KeyPair key = newKey();
        String csr = csr(key);
        NodeResponse response = nodes.executor(path)
                .execute(
                        node,
                        new NodeRequest.IssueClientCertificate(
                                null, KUBECONFIG, csr, (int) Math.max(1, validity.toDays()), null));
        return switch (response) {
            case NodeResponse.Completed completed
            when completed.result() instanceof OperationResult.ClientCertificateIssued issued ->
                new Credentials(
                        base64(issued.certificate()), base64(Pem.encodePrivateKeyTraditional(key.getPrivate())));
            case NodeResponse.Completed completed ->
                throw new ClusterApiException(
                        FailureReason.INVALID_INPUT,
                        "ISSUE_CLIENT_CERTIFICATE on " + node + " answered "
                                + completed.result().operation());
            case NodeResponse.Failed failed ->
                throw new ClusterApiException(
                        NodeOutcomes.reason(failed.error().reason()),
                        "ISSUE_CLIENT_CERTIFICATE for " + KUBECONFIG + " on " + node + ": "
                                + failed.error().message());
        };
    }

    private KeyPair newKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA P-256 keys are not available in this JVM", e);
        }
    }

    /** A PKCS#10 request proving possession of the key; node-agent takes only its public key. */
    private static String csr(KeyPair key) {
        try {
            var request = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=certfleet"), key.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(key.getPrivate()));
            StringWriter out = new StringWriter();
            try (PemWriter writer = new PemWriter(out)) {
                writer.writeObject(new PemObject("CERTIFICATE REQUEST", request.getEncoded()));
            }
            return out.toString();
        } catch (OperatorCreationException | IOException e) {
            throw new IllegalStateException(
                    "cannot build a CSR (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
