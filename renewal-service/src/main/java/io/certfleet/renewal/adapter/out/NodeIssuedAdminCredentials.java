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
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Base64;
import org.bouncycastle.asn1.x500.X500Name;

/**
 * {@link AdminCredentials} issued by the node: an ECDSA P-256 key made here, a CSR for it sent to node-agent's {@code
 * ISSUE_CLIENT_CERTIFICATE}, which signs it with the node's CA under {@code admin.conf}'s identity. The key is never on
 * a node, in a request or in a response; node errors are reported with the node's words, which name files only.
 */
@Singleton
final class NodeIssuedAdminCredentials implements AdminCredentials {
    private static final String KUBECONFIG = "admin.conf";

    private final NodeAccess nodes;
    private final BouncyCastleClientKeys keys;

    NodeIssuedAdminCredentials(NodeAccess nodes, BouncyCastleClientKeys keys) {
        this.nodes = nodes;
        this.keys = keys;
    }

    @Override
    public Credentials issue(NodeTarget node, NodeAccessPath path, Duration validity) {
        KeyPair key = keys.keyPair();
        // node-agent takes only its public key, and certifies it under admin.conf's identity
        String csr = BouncyCastleClientKeys.csr(key, new X500Name("CN=certfleet"));
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

    private static String base64(String pem) {
        return Base64.getEncoder().encodeToString(pem.getBytes(StandardCharsets.US_ASCII));
    }
}
