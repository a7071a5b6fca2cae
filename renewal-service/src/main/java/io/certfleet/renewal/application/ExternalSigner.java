package io.certfleet.renewal.application;

import io.certfleet.renewal.domain.execution.StepResult.SigningRequest;

/**
 * The organisation's certificate authority when kubeadm runs in external CA mode (seed 004): the CA key is not on the
 * control-plane nodes, so renewal-service hands CSRs made on the node to a signer and installs what comes back. A
 * request carries a CSR only — public key and names — never a key. Methods throw {@link ClusterApiException}.
 */
public interface ExternalSigner {
    /** Labels of a request: which renewal, cluster and node it belongs to. */
    String LABEL_RENEWAL = "certfleet.io/renewal";

    String LABEL_CLUSTER = "certfleet.io/cluster";
    String LABEL_NODE = "certfleet.io/node";

    /** Which signer this is, for reasons and the API ({@code kubernetes-csr-api}, {@code directory}). */
    String kind();

    /** Whether it works through the workload cluster's API (then it cannot help once the API server's certificate expired). */
    boolean needsClusterApi();

    /**
     * Submits a request. Idempotent by {@link SigningRequest#reference()}: submitting what was already submitted (a
     * step re-run after a crash) does not make a second one; a different request under the same reference is refused.
     */
    void submit(ClusterProfile cluster, SigningRequest request);

    /** Where a submitted request stands. */
    Signing status(ClusterProfile cluster, SigningRequest request);

    /** A request's state at the signer. */
    sealed interface Signing {
        /** Not issued yet; {@code note} says what it waits for. */
        record Pending(String note) implements Signing {}

        /** Issued: the certificate, PEM. */
        record Issued(String certificate) implements Signing {}

        /** Denied or failed at the signer, with its reason. */
        record Refused(String reason) implements Signing {}
    }
}
