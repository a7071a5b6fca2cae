package io.certfleet.renewal.application;

import io.certfleet.renewal.domain.csr.NodeAddresses;
import io.certfleet.renewal.domain.csr.ServingCsr;
import java.util.List;
import java.util.Optional;

/**
 * The CertificateSigningRequest API of a cluster, as the kubelet-serving approver uses it. Methods throw {@link
 * ClusterApiException}.
 */
public interface KubeletServingCsrs {

    /** A connection to one cluster's API; close it after use. */
    interface Session extends AutoCloseable {
        /**
         * Pending CSRs (no Approved, Denied or Failed condition) this approver is responsible for: those for the
         * {@code kubernetes.io/kubelet-serving} signer, and serving-certificate requests of nodes ({@code
         * system:node:*}, usage {@code server auth}) to any other built-in {@code kubernetes.io/} signer, which are
         * denied. CSRs for other signers are left to their controllers.
         */
        List<ServingCsr> pending();

        /** The Node of that name, if it exists. */
        Optional<NodeAddresses> node(String name);

        void approve(String csrName, String reason);

        void deny(String csrName, String reason);

        @Override
        void close();
    }

    Session open(ClusterProfile cluster);
}
