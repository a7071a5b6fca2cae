package io.certfleet.renewal.adapter.out;

import static io.certfleet.messaging.ServiceDatabase.bind;
import static io.certfleet.messaging.ServiceDatabase.instant;
import static io.certfleet.messaging.ServiceDatabase.optionalInstant;
import static io.certfleet.messaging.ServiceDatabase.optionalString;
import static io.certfleet.messaging.ServiceDatabase.timestamp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import io.certfleet.events.CertificateRef;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.events.RenewalStrategy;
import io.certfleet.messaging.ClusterScope;
import io.certfleet.messaging.ServiceDatabase;
import io.certfleet.renewal.application.AbandonedStaging;
import io.certfleet.renewal.application.Renewals;
import io.certfleet.renewal.domain.execution.Renewal;
import io.certfleet.renewal.domain.execution.RenewalFailure;
import io.certfleet.renewal.domain.execution.RenewalState;
import io.certfleet.renewal.domain.execution.RenewalStep;
import io.certfleet.renewal.domain.execution.StepKind;
import io.certfleet.renewal.domain.execution.StepState;
import io.certfleet.renewal.domain.policy.NodeAccessPath;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/** {@link Renewals} (and {@link AbandonedStaging}) on PostgreSQL, plain JDBC. */
@Singleton
final class JdbcRenewals implements Renewals, AbandonedStaging {
    private static final String OPEN_STATES = RenewalState.open().stream()
            .map(s -> "'" + s.name() + "'")
            .sorted()
            .collect(Collectors.joining(", ", "(", ")"));

    private final ServiceDatabase database;
    private final Clock clock;

    JdbcRenewals(ServiceDatabase database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    @Override
    public Optional<Renewal> findOpen(String clusterId) {
        return database.read(
                c -> one(c, "SELECT * FROM renewal WHERE cluster_id = ? AND state IN " + OPEN_STATES, clusterId));
    }

    @Override
    public Optional<Renewal> find(UUID id) {
        return database.read(c -> one(c, "SELECT * FROM renewal WHERE id = ?", id));
    }

    @Override
    public Optional<Renewal> lock(UUID id) {
        return database.write(c -> one(c, "SELECT * FROM renewal WHERE id = ? FOR UPDATE", id));
    }

    @Override
    public List<Renewal> list(ClusterScope scope, Optional<String> clusterId, Optional<RenewalState> state, int limit) {
        StringBuilder sql = new StringBuilder("SELECT * FROM renewal WHERE true");
        List<Object> parameters = new ArrayList<>();
        if (!scope.isAll()) {
            sql.append(" AND cluster_id LIKE ANY (CAST(? AS text[]))");
            parameters.add(scope.likePatterns());
        }
        clusterId.ifPresent(id -> {
            sql.append(" AND cluster_id = ?");
            parameters.add(id);
        });
        state.ifPresent(s -> {
            sql.append(" AND state = ?");
            parameters.add(s.name());
        });
        sql.append(" ORDER BY requested_at DESC, id LIMIT ?");
        parameters.add(limit);
        return database.read(c -> {
            try (PreparedStatement statement = c.prepareStatement(sql.toString())) {
                bind(statement, parameters.toArray());
                List<Renewal> renewals = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        renewals.add(renewal(rs));
                    }
                }
                return renewals;
            }
        });
    }

    @Override
    public Optional<Renewal> laterStarted(Renewal renewal) {
        return database.read(c -> one(
                c,
                "SELECT * FROM renewal WHERE cluster_id = ? AND id <> ? AND requested_at > ?"
                        + " AND started_at IS NOT NULL ORDER BY requested_at DESC, id LIMIT 1",
                renewal.clusterId(),
                renewal.id(),
                timestamp(renewal.requestedAt())));
    }

    @Override
    public List<UUID> before(Renewal renewal, String node) {
        return database.read(c -> {
            try (PreparedStatement statement = c.prepareStatement("SELECT r.id FROM renewal r"
                    + " WHERE r.cluster_id = ? AND r.id <> ? AND r.requested_at < ? AND r.state IN (?, ?)"
                    + " AND r.strategy = ?"
                    + " AND EXISTS (SELECT 1 FROM renewal_step s WHERE s.renewal_id = r.id AND s.node_name = ?"
                    + " AND s.kind = ? AND s.attempts > 0 AND s.state <> ? AND s.staged_discarded_at IS NULL)"
                    + " AND NOT EXISTS (SELECT 1 FROM renewal_step s WHERE s.renewal_id = r.id AND s.node_name = ?"
                    + " AND s.kind = ? AND s.state = ?)"
                    + " ORDER BY r.requested_at, r.id LIMIT ?")) {
                bind(
                        statement,
                        renewal.clusterId(),
                        renewal.id(),
                        timestamp(renewal.requestedAt()),
                        RenewalState.FAILED.name(),
                        RenewalState.CANCELLED.name(),
                        RenewalStrategy.EXTERNAL_CA.name(),
                        node,
                        StepKind.REQUEST_SIGNING.name(),
                        StepState.SKIPPED.name(),
                        node,
                        StepKind.INSTALL.name(),
                        StepState.DONE.name(),
                        AbandonedStaging.LIMIT);
                List<UUID> ids = new ArrayList<>();
                try (ResultSet rs = statement.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getObject(1, UUID.class));
                    }
                }
                return ids;
            }
        });
    }

    @Override
    public void discarded(UUID renewalId, String node, Instant at) {
        database.write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE renewal_step SET staged_discarded_at = ?"
                    + " WHERE renewal_id = ? AND node_name = ? AND kind = ?")) {
                bind(update, timestamp(at), renewalId, node, StepKind.REQUEST_SIGNING.name());
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void add(Renewal renewal) {
        CertificateRef certificate = renewal.certificate();
        database.write(c -> {
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO renewal (id, cluster_id, node_name, location,"
                            + " kubeadm_name, sha256, severity, not_after, state, strategy, reason, approval_required,"
                            + " requested_by, source_event_id, requested_at, updated_at, access, labels)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb))")) {
                bind(
                        insert,
                        renewal.id(),
                        renewal.clusterId(),
                        certificate.nodeName(),
                        certificate.location(),
                        certificate.kubeadmName(),
                        certificate.sha256(),
                        renewal.severity().name(),
                        timestamp(renewal.notAfter()),
                        renewal.state().name(),
                        renewal.strategy().name(),
                        renewal.reason(),
                        renewal.approvalRequired(),
                        renewal.requestedBy(),
                        renewal.sourceEventId(),
                        timestamp(renewal.requestedAt()),
                        timestamp(clock.instant()),
                        renewal.access().name(),
                        json(renewal.labels()));
                insert.executeUpdate();
            }
            return null;
        });
        update(renewal);
    }

    @Override
    public void update(Renewal renewal) {
        Optional<RenewalFailure> failure = renewal.failure();
        database.write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE renewal SET state = ?, strategy = ?, access = ?,"
                    + " not_after = ?, not_before = ?, window_end = ?, approved_by = ?,"
                    + " approved_at = CASE WHEN CAST(? AS text) IS NULL THEN NULL ELSE coalesce(approved_at, CAST(? AS timestamptz)) END,"
                    + " cancel_requested_by = ?, nodes = CAST(? AS jsonb), started_at = ?, finished_at = ?,"
                    + " failed_step = ?, failed_node = ?, failure_reason = ?, failure_retryable = ?,"
                    + " backup_location = ?, upgrade_id = ?, start_attempts = ?, start_note = ?, updated_at = ?"
                    + " WHERE id = ?")) {
                Instant now = clock.instant();
                bind(
                        update,
                        renewal.state().name(),
                        renewal.strategy().name(),
                        renewal.access().name(),
                        timestamp(renewal.notAfter()),
                        timestamp(renewal.notBefore()),
                        timestamp(renewal.windowEnd()),
                        renewal.approvedBy().orElse(null),
                        renewal.approvedBy().orElse(null),
                        timestamp(now),
                        renewal.cancelRequestedBy().orElse(null),
                        json(renewal.nodes()),
                        timestamp(renewal.startedAt()),
                        timestamp(renewal.finishedAt()),
                        failure.map(RenewalFailure::step).orElse(null),
                        failure.flatMap(RenewalFailure::node).orElse(null),
                        failure.map(RenewalFailure::reason).orElse(null),
                        failure.map(RenewalFailure::retryable).orElse(null),
                        failure.flatMap(RenewalFailure::backupLocation).orElse(null),
                        renewal.upgradeId().orElse(null),
                        renewal.startAttempts(),
                        renewal.startNote().orElse(null),
                        timestamp(now),
                        renewal.id());
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public boolean addCertificate(
            UUID renewalId,
            CertificateRef certificate,
            ExpirySeverity severity,
            Instant notAfter,
            String sourceEventId,
            Instant at) {
        return database.write(c -> {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO renewal_certificate (renewal_id, node_name,"
                    + " location, kubeadm_name, sha256, severity, not_after, source_event_id, added_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                bind(
                        insert,
                        renewalId,
                        certificate.nodeName(),
                        certificate.location(),
                        certificate.kubeadmName(),
                        certificate.sha256(),
                        severity.name(),
                        timestamp(notAfter),
                        sourceEventId,
                        timestamp(at));
                return insert.executeUpdate() == 1;
            }
        });
    }

    @Override
    public List<CertificateRef> certificates(UUID renewalId) {
        return database.read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT node_name, location, kubeadm_name, sha256"
                    + " FROM renewal_certificate WHERE renewal_id = ? ORDER BY added_at, node_name, location")) {
                bind(select, renewalId);
                List<CertificateRef> refs = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        refs.add(new CertificateRef(
                                rs.getString("node_name"),
                                rs.getString("location"),
                                rs.getString("kubeadm_name"),
                                rs.getString("sha256")));
                    }
                }
                return refs;
            }
        });
    }

    @Override
    public List<RenewalStep> steps(UUID renewalId) {
        return database.read(c -> {
            try (PreparedStatement select =
                    c.prepareStatement("SELECT * FROM renewal_step WHERE renewal_id = ? ORDER BY seq")) {
                bind(select, renewalId);
                List<RenewalStep> steps = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        String result = rs.getString("result");
                        steps.add(new RenewalStep(
                                renewalId,
                                rs.getInt("seq"),
                                optionalString(rs, "node_name"),
                                StepKind.valueOf(rs.getString("kind")),
                                StepState.valueOf(rs.getString("state")),
                                rs.getInt("attempts"),
                                optionalInstant(rs, "started_at"),
                                optionalInstant(rs, "finished_at"),
                                Optional.ofNullable(result).map(StepResultJson::read),
                                optionalString(rs, "note")));
                    }
                }
                return steps;
            }
        });
    }

    @Override
    public void addSteps(String clusterId, List<RenewalStep> steps) {
        database.write(c -> {
            try (PreparedStatement insert = c.prepareStatement(
                    "INSERT INTO renewal_step (renewal_id, seq, cluster_id, node_name, kind, state, attempts)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (RenewalStep step : steps) {
                    bind(
                            insert,
                            step.renewalId(),
                            step.seq(),
                            clusterId,
                            step.node().orElse(null),
                            step.kind().name(),
                            step.state().name(),
                            step.attempts());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return null;
        });
    }

    @Override
    public void updateStep(RenewalStep step) {
        database.write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE renewal_step SET state = ?, attempts = ?,"
                    + " started_at = ?, finished_at = ?, result = CAST(? AS jsonb), note = ?"
                    + " WHERE renewal_id = ? AND seq = ?")) {
                bind(
                        update,
                        step.state().name(),
                        step.attempts(),
                        timestamp(step.startedAt()),
                        timestamp(step.finishedAt()),
                        step.result().map(StepResultJson::write).orElse(null),
                        step.note().orElse(null),
                        step.renewalId(),
                        step.seq());
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<Claim> claimDue(String owner, Instant now, Duration lease, int limit) {
        if (limit <= 0) {
            return List.of();
        }
        // SKIP LOCKED: instances claiming at the same moment take different rows instead of waiting for each other
        return database.write(c -> {
            try (PreparedStatement claim = c.prepareStatement("UPDATE renewal SET lease_owner = ?, lease_until = ?,"
                    + " lease_token = lease_token + 1 WHERE id IN (SELECT id FROM renewal"
                    + " WHERE state IN ('SCHEDULED', 'RUNNING') AND (not_before IS NULL OR not_before <= ?)"
                    + " AND (lease_until IS NULL OR lease_until < ?) ORDER BY coalesce(not_before, requested_at), id"
                    + " LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING id, cluster_id, lease_token")) {
                bind(claim, owner, timestamp(now.plus(lease)), timestamp(now), timestamp(now), limit);
                List<Claim> claims = new ArrayList<>();
                try (ResultSet rs = claim.executeQuery()) {
                    while (rs.next()) {
                        claims.add(new Claim(
                                rs.getObject("id", UUID.class), rs.getString("cluster_id"), rs.getLong("lease_token")));
                    }
                }
                return claims;
            }
        });
    }

    @Override
    public boolean holds(Claim claim, String owner) {
        return database.write(c -> {
            try (PreparedStatement select = c.prepareStatement(
                    "SELECT 1 FROM renewal WHERE id = ? AND lease_owner = ?" + " AND lease_token = ? FOR UPDATE")) {
                bind(select, claim.renewalId(), owner, claim.token());
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public void extendLeases(String owner, Collection<UUID> renewalIds, Instant until) {
        if (renewalIds.isEmpty()) {
            return;
        }
        database.write(c -> {
            try (PreparedStatement update =
                    c.prepareStatement("UPDATE renewal SET lease_until = ? WHERE lease_owner = ? AND id = ANY (?)")) {
                update.setObject(1, timestamp(until));
                update.setString(2, owner);
                update.setArray(3, c.createArrayOf("uuid", renewalIds.toArray()));
                update.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public void release(Claim claim, String owner) {
        database.write(c -> {
            try (PreparedStatement update = c.prepareStatement("UPDATE renewal SET lease_owner = NULL,"
                    + " lease_until = NULL WHERE id = ? AND lease_owner = ? AND lease_token = ?")) {
                bind(update, claim.renewalId(), owner, claim.token());
                update.executeUpdate();
            }
            return null;
        });
    }

    private static Optional<Renewal> one(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = c.prepareStatement(sql)) {
            bind(statement, parameters);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(renewal(rs)) : Optional.empty();
            }
        }
    }

    private static Renewal renewal(ResultSet rs) throws SQLException {
        Optional<RenewalFailure> failure = optionalString(rs, "failed_step").map(step -> {
            try {
                return new RenewalFailure(
                        step,
                        optionalString(rs, "failed_node"),
                        Optional.ofNullable(rs.getString("failure_reason")).orElse(""),
                        rs.getBoolean("failure_retryable"),
                        optionalString(rs, "backup_location"));
            } catch (SQLException e) {
                throw new ServiceDatabase.StoreException(e);
            }
        });
        return new Renewal(
                rs.getObject("id", UUID.class),
                rs.getString("cluster_id"),
                new CertificateRef(
                        rs.getString("node_name"),
                        rs.getString("location"),
                        rs.getString("kubeadm_name"),
                        rs.getString("sha256")),
                ExpirySeverity.valueOf(rs.getString("severity")),
                instant(rs, "not_after"),
                RenewalState.valueOf(rs.getString("state")),
                RenewalStrategy.valueOf(rs.getString("strategy")),
                NodeAccessPath.valueOf(rs.getString("access")),
                rs.getString("reason"),
                rs.getBoolean("approval_required"),
                rs.getString("requested_by"),
                rs.getString("source_event_id"),
                instant(rs, "requested_at"),
                readJson(rs.getString("labels"), new TypeReference<Map<String, String>>() {}),
                optionalInstant(rs, "not_before"),
                optionalInstant(rs, "window_end"),
                optionalString(rs, "approved_by"),
                optionalString(rs, "cancel_requested_by"),
                readJson(rs.getString("nodes"), new TypeReference<List<String>>() {}),
                optionalInstant(rs, "started_at"),
                optionalInstant(rs, "finished_at"),
                failure,
                optionalString(rs, "upgrade_id"),
                rs.getInt("start_attempts"),
                optionalString(rs, "start_note"));
    }

    private static String json(Object value) {
        try {
            return StepResultJson.JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON column", e);
        }
    }

    private static <T> T readJson(String json, TypeReference<T> type) {
        try {
            return StepResultJson.JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read JSON column", e);
        }
    }
}
