package io.certfleet.renewal.application;

import io.certfleet.nodeagent.NodeTarget;
import java.util.Objects;

/**
 * Reads the admin client credentials of a control-plane node ({@code /etc/kubernetes/admin.conf}), to refresh the
 * management cluster's {@code <cluster>-kubeconfig} Secret after a renewal (seed 001). The credentials hold a private
 * key: they go from the node to the Secret and nowhere else.
 */
public interface AdminCredentials {

    /**
     * @throws ClusterApiException when the file cannot be read or has no embedded credentials
     */
    Credentials read(NodeTarget node);

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
