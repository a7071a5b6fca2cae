package io.certfleet.scanner.adapter.out;

import io.certfleet.events.ScanCompleted;
import io.certfleet.messaging.ServiceDatabase;
import io.certfleet.scanner.application.ScanRequests;
import io.certfleet.scanner.domain.scan.ScanRequest;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;

/** {@link ScanRequests} on the {@code scan_request} table. */
@Singleton
final class JdbcScanRequests implements ScanRequests {
    static final String REQUESTED = "REQUESTED";
    static final String COMPLETED = "COMPLETED";

    private final ServiceDatabase database;

    JdbcScanRequests(ServiceDatabase database) {
        this.database = database;
    }

    @Override
    public void add(ScanRequest request) {
        database.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO scan_request (id, cluster_id,"
                    + " renewal_id, reason, state, source_event_id, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ServiceDatabase.bind(
                        insert,
                        request.id(),
                        request.clusterId(),
                        request.renewalId().orElse(null),
                        request.reason(),
                        REQUESTED,
                        request.sourceEventId().orElse(null),
                        ServiceDatabase.timestamp(request.requestedAt()));
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public void complete(ScanRequest request, ScanCompleted scan) {
        database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE scan_request SET state = ?,"
                    + " scan_id = ?, certificate_count = ?, error_count = ?, completed_at = ? WHERE id = ?")) {
                ServiceDatabase.bind(
                        update,
                        COMPLETED,
                        scan.scanId(),
                        scan.certificateCount(),
                        scan.errorCount(),
                        ServiceDatabase.timestamp(scan.finishedAt()),
                        request.id());
                return update.executeUpdate();
            }
        });
    }

    @Override
    public int completeUpTo(String clusterId, Instant startedAt, ScanCompleted scan) {
        return database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE scan_request SET state = ?,"
                    + " scan_id = ?, certificate_count = ?, error_count = ?, completed_at = ?"
                    + " WHERE cluster_id = ? AND state = ? AND requested_at <= ?")) {
                ServiceDatabase.bind(
                        update,
                        COMPLETED,
                        scan.scanId(),
                        scan.certificateCount(),
                        scan.errorCount(),
                        ServiceDatabase.timestamp(scan.finishedAt()),
                        clusterId,
                        REQUESTED,
                        ServiceDatabase.timestamp(startedAt));
                return update.executeUpdate();
            }
        });
    }

    @Override
    public boolean pending(String clusterId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT 1 FROM scan_request WHERE cluster_id = ? AND state = ? LIMIT 1")) {
                ServiceDatabase.bind(select, clusterId, REQUESTED);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }
}
