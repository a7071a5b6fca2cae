package io.certfleet.renewal.application;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Client keys for kubeconfig credentials, made in renewal-service: an ECDSA P-256 key and a PKCS#10 request for it that
 * carries the identity to certify; and the check of a certificate issued for such a request.
 */
public interface ClientKeys {

    /** A new key, and a CSR for it with this subject (CN, one O per organisation). */
    NewKey newKey(ManagementCluster.ClientIdentity identity);

    /**
     * Why {@code certificate} is not the client certificate asked for by {@code csr}: another public key, another
     * subject, not valid at {@code now}, not for client authentication. Empty when it is. Messages name what differs,
     * never key material.
     *
     * @param certificate PEM, the first block is checked
     * @param csr PEM
     */
    Optional<String> problem(String certificate, String csr, Instant now);

    /**
     * @param privateKey PEM
     * @param csr PEM
     */
    record NewKey(String privateKey, String csr) {
        public NewKey {
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(csr, "csr");
        }

        @Override
        public String toString() {
            return "NewKey[key redacted]";
        }
    }
}
