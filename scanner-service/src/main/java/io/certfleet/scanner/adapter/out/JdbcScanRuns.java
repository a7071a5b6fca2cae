package io.certfleet.scanner.adapter.out;

import io.certfleet.events.ScanError;
import io.certfleet.messaging.ClusterScope;
import io.certfleet.messaging.ServiceDatabase;
import io.certfleet.scanner.application.ScanRuns;
import io.certfleet.scanner.application.ScanView;
import io.certfleet.scanner.domain.scan.ScanRun;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link ScanRuns} on the {@code scan} and {@code scan_error} tables. */
@Singleton
final class JdbcScanRuns implements ScanRuns {
    static final String RUNNING = "RUNNING";
    static final String COMPLETED = "COMPLETED";
    static final String ABANDONED = "ABANDONED";

    private final ServiceDatabase database;

    JdbcScanRuns(ServiceDatabase database) {
        this.database = database;
    }

    @Override
    public Optional<ScanRun> unfinished(String clusterId) {
        return database.read(connection -> {
            try (PreparedStatement select =
                    connection.prepareStatement("SELECT *, unreachable::text AS unreachable_json"
                            + " FROM scan WHERE cluster_id = ? AND status = ? ORDER BY started_at DESC LIMIT 1")) {
                ServiceDatabase.bind(select, clusterId, RUNNING);
                try (ResultSet rs = select.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    String scanId = rs.getString("id");
                    return Optional.of(new ScanRun(
                            scanId,
                            clusterId,
                            ServiceDatabase.instant(rs, "started_at"),
                            rs.getInt("nodes_total"),
                            rs.getInt("nodes_done"),
                            rs.getBoolean("cluster_sources_done"),
                            rs.getInt("certificate_count"),
                            rs.getInt("error_count"),
                            rs.getInt("expiry_detected"),
                            rs.getInt("expiry_resolved"),
                            rs.getInt("unreachable_count"),
                            JsonColumns.strings(rs.getString("unreachable_json")),
                            errors(connection, scanId)));
                }
            }
        });
    }

    @Override
    public void start(ScanRun run, String trigger, String owner, Instant now) {
        database.write(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO scan (id, cluster_id, trigger,"
                    + " owner, status, started_at, updated_at, nodes_total) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                ServiceDatabase.bind(
                        insert,
                        run.scanId(),
                        run.clusterId(),
                        trigger,
                        owner,
                        RUNNING,
                        ServiceDatabase.timestamp(run.startedAt()),
                        ServiceDatabase.timestamp(now),
                        run.nodesTotal());
                return insert.executeUpdate();
            }
        });
    }

    @Override
    public void advance(ScanRun run, List<ScanError> keptErrors, Instant now) {
        database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE scan SET nodes_done = ?,"
                    + " cluster_sources_done = ?, certificate_count = ?, error_count = ?, unreachable_count = ?,"
                    + " unreachable = CAST(? AS jsonb), expiry_detected = ?, expiry_resolved = ?, updated_at = ?"
                    + " WHERE id = ?")) {
                ServiceDatabase.bind(
                        update,
                        run.nodesDone(),
                        run.clusterSourcesDone(),
                        run.certificateCount(),
                        run.errorCount(),
                        run.unreachableCount(),
                        JsonColumns.write(run.unreachable()),
                        run.expiryDetected(),
                        run.expiryResolved(),
                        ServiceDatabase.timestamp(now),
                        run.scanId());
                update.executeUpdate();
            }
            if (!keptErrors.isEmpty()) {
                int first = run.errors().size() - keptErrors.size();
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO scan_error (scan_id, seq, location, reason) VALUES (?, ?, ?, ?)")) {
                    for (int i = 0; i < keptErrors.size(); i++) {
                        ServiceDatabase.bind(
                                insert,
                                run.scanId(),
                                first + i,
                                keptErrors.get(i).location(),
                                keptErrors.get(i).reason());
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
            }
            return null;
        });
    }

    @Override
    public void finish(ScanRun run, Instant finishedAt) {
        database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE scan SET status = ?, finished_at = ?, updated_at = ? WHERE id = ?")) {
                ServiceDatabase.bind(
                        update,
                        COMPLETED,
                        ServiceDatabase.timestamp(finishedAt),
                        ServiceDatabase.timestamp(finishedAt),
                        run.scanId());
                update.executeUpdate();
            }
            try (PreparedStatement update =
                    connection.prepareStatement("UPDATE cluster SET last_scan_id = ?, last_scan_at = ? WHERE id = ?")) {
                ServiceDatabase.bind(update, run.scanId(), ServiceDatabase.timestamp(finishedAt), run.clusterId());
                return update.executeUpdate();
            }
        });
    }

    @Override
    public void abandon(String scanId, String reason, Instant now) {
        database.write(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE scan SET status = ?,"
                    + " status_reason = ?, finished_at = ?, updated_at = ? WHERE id = ? AND status = ?")) {
                ServiceDatabase.bind(
                        update,
                        ABANDONED,
                        reason,
                        ServiceDatabase.timestamp(now),
                        ServiceDatabase.timestamp(now),
                        scanId,
                        RUNNING);
                return update.executeUpdate();
            }
        });
    }

    @Override
    public List<ScanView> recent(ClusterScope scope, Optional<String> clusterId, int limit) {
        return database.read(connection -> {
            String sql = "SELECT * FROM scan WHERE true" + (clusterId.isPresent() ? " AND cluster_id = ?" : "")
                    + (scope.isAll() ? "" : " AND cluster_id LIKE ANY (CAST(? AS text[]))")
                    + " ORDER BY started_at DESC, id LIMIT ?";
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                int i = 1;
                if (clusterId.isPresent()) {
                    select.setString(i++, clusterId.get());
                }
                if (!scope.isAll()) {
                    select.setObject(i++, scope.likePatterns());
                }
                select.setInt(i, limit);
                List<ScanView> views = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        views.add(new ScanView(
                                rs.getString("id"),
                                rs.getString("cluster_id"),
                                rs.getString("trigger"),
                                rs.getString("status"),
                                ServiceDatabase.instant(rs, "started_at"),
                                ServiceDatabase.optionalInstant(rs, "finished_at"),
                                rs.getInt("nodes_total"),
                                rs.getInt("nodes_done"),
                                rs.getInt("certificate_count"),
                                rs.getInt("error_count"),
                                rs.getInt("unreachable_count"),
                                rs.getInt("expiry_detected"),
                                rs.getInt("expiry_resolved"),
                                ServiceDatabase.optionalString(rs, "status_reason")));
                    }
                }
                return views;
            }
        });
    }

    private static List<ScanError> errors(Connection connection, String scanId) throws SQLException {
        List<ScanError> errors = new ArrayList<>();
        try (PreparedStatement select =
                connection.prepareStatement("SELECT location, reason FROM scan_error WHERE scan_id = ? ORDER BY seq")) {
            select.setString(1, scanId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    errors.add(new ScanError(rs.getString("location"), rs.getString("reason")));
                }
            }
        }
        return errors;
    }
}
