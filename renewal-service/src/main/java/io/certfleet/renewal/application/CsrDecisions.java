package io.certfleet.renewal.application;

import java.time.Instant;

/** The audit record of every CSR decision (table {@code csr_decision}). */
public interface CsrDecisions {

    void record(String clusterId, String csrName, String requester, String decision, String reason, Instant at);
}
