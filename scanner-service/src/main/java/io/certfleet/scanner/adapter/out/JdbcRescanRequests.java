package io.certfleet.scanner.adapter.out;

import io.certfleet.events.ScanCompleted;
import io.certfleet.scanner.application.RescanRequests;
import io.certfleet.scanner.domain.RescanRequest;
import jakarta.inject.Singleton;

/** {@link RescanRequests} on PostgreSQL through Micronaut Data JDBC. */
@Singleton
final class JdbcRescanRequests implements RescanRequests {
    static final String REQUESTED = "REQUESTED";
    static final String COMPLETED = "COMPLETED";

    private final RescanRequestRows rows;

    JdbcRescanRequests(RescanRequestRows rows) {
        this.rows = rows;
    }

    @Override
    public void add(RescanRequest request) {
        rows.save(new RescanRequestRow(
                request.id(),
                request.clusterId(),
                request.renewalId(),
                request.reason(),
                REQUESTED,
                request.sourceEventId(),
                request.requestedAt(),
                null,
                null,
                null,
                null));
    }

    @Override
    public void complete(RescanRequest request, ScanCompleted scan) {
        rows.update(new RescanRequestRow(
                request.id(),
                request.clusterId(),
                request.renewalId(),
                request.reason(),
                COMPLETED,
                request.sourceEventId(),
                request.requestedAt(),
                scan.scanId(),
                scan.certificateCount(),
                scan.errorCount(),
                scan.finishedAt()));
    }
}
