package io.certfleet.nodeaccess;

/**
 * The private key that opens SSH on a cluster's nodes: for Cluster API clusters, the {@code ssh-privatekey} of
 * the {@code <cluster>-ssh} Secret in the management cluster ({@link SecretSshCredentials}). Fetched for each
 * connection and wiped after it; never cached, logged or put in a message.
 */
@FunctionalInterface
public interface SshCredentials {

    /**
     * @throws NodeAccessException no key for the cluster ({@code POLICY}), an unusable Secret ({@code
     *     INVALID_INPUT}), the management cluster not answering ({@code UNREACHABLE})
     */
    SshPrivateKey privateKey(String clusterId);
}
