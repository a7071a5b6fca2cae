package io.certfleet.renewal.application;

import io.certfleet.nodeagent.NodeTarget;
import io.certfleet.renewal.domain.policy.NodeAccessPath;
import java.time.Duration;
import java.util.Objects;

/**
 * New admin client credentials of a control-plane node's cluster, to refresh the management cluster's {@code
 * <cluster>-kubeconfig} Secret after a renewal (seed 001): a key made here, and a certificate for it with the identity
 * of the node's {@code admin.conf}, issued by the node's CA through node-agent ({@code ISSUE_CLIENT_CERTIFICATE}). Only
 * a CSR goes to the node and a certificate comes back, over any node access path; the key goes to the Secret and
 * nowhere else.
 */
public interface AdminCredentials {

    /**
     * @param path how the node is reached
     * @param validity of the certificate (capped by the CA's)
     * @throws ClusterApiException when the node cannot issue it (its CA key is not there: an external CA)
     */
    Credentials issue(NodeTarget node, NodeAccessPath path, Duration validity);

    /**
     * Base64 of a client certificate and its key, as kubeconfig embeds them.
     *
     * @param certificateData {@code client-certificate-data}
     * @param keyData {@code client-key-data}
     */
    record Credentials(String certificateData, String keyData) {
        public Credentials {
            Objects.requireNonNull(certificateData, "certificateData");
            Objects.requireNonNull(keyData, "keyData");
        }

        @Override
        public String toString() {
            return "Credentials[certificate, key redacted]";
        }
    }
}
