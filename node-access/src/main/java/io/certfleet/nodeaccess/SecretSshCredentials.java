package io.certfleet.nodeaccess;

import io.certfleet.nodeagent.FailureReason;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@link SshCredentials} from the management cluster's {@code <cluster>-ssh} Secret (type {@code
 * kubernetes.io/ssh-auth}, key {@code ssh-privatekey}), read with Fabric8 for each connection, as seed 000 does
 * with {@code kubectl get secret ... -o jsonpath='{.data.ssh-privatekey}'}. The decoded key goes straight into an
 * {@link SshPrivateKey}; nothing of the Secret's data is logged or quoted.
 */
public final class SecretSshCredentials implements SshCredentials {
    public static final String KEY = "ssh-privatekey";
    public static final String SECRET_SUFFIX = "-ssh";

    /**
     * Where a cluster's Secret is: the management cluster's client (owned by the caller), the namespace, and the
     * cluster's name there (the Secret is {@code <clusterName>-ssh}).
     */
    public record SecretLocation(KubernetesClient management, String namespace, String clusterName) {
        public SecretLocation {
            Objects.requireNonNull(management, "management");
            Objects.requireNonNull(namespace, "namespace");
            Objects.requireNonNull(clusterName, "clusterName");
        }

        public String secretName() {
            return clusterName + SECRET_SUFFIX;
        }
    }

    private final Function<String, Optional<SecretLocation>> locations;

    /** @param locations where the Secret of each cluster id is; empty when the cluster has no management cluster */
    public SecretSshCredentials(Function<String, Optional<SecretLocation>> locations) {
        this.locations = Objects.requireNonNull(locations, "locations");
    }

    @Override
    public SshPrivateKey privateKey(String clusterId) {
        SecretLocation location = locations
                .apply(clusterId)
                .orElseThrow(() -> new NodeAccessException(
                        FailureReason.POLICY,
                        "no SSH key for cluster " + clusterId
                                + ": it has no management cluster holding a <cluster>-ssh Secret"));
        String where = "Secret " + location.namespace() + "/" + location.secretName();
        Secret secret;
        try {
            secret = location.management()
                    .secrets()
                    .inNamespace(location.namespace())
                    .withName(location.secretName())
                    .get();
        } catch (KubernetesClientException e) {
            throw KubernetesFailures.of("reading " + where + " from the management cluster", e);
        }
        if (secret == null) {
            throw new NodeAccessException(FailureReason.POLICY, where + " does not exist: no SSH key for " + clusterId);
        }
        String encoded = secret.getData() == null ? null : secret.getData().get(KEY);
        if (encoded == null || encoded.isBlank()) {
            throw new NodeAccessException(
                    FailureReason.INVALID_INPUT, where + " (type " + secret.getType() + ") has no " + KEY + " entry");
        }
        byte[] key;
        try {
            key = Base64.getMimeDecoder().decode(encoded.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new NodeAccessException(FailureReason.INVALID_INPUT, where + ": " + KEY + " is not valid base64");
        }
        return new SshPrivateKey(where, key);
    }
}
