package io.certfleet.scanner.adapter.out;

import io.certfleet.events.CertificateFacts;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.events.SourceKind;
import io.certfleet.messaging.ServiceDatabase;
import io.certfleet.scanner.application.CertificateInventory;
import io.certfleet.scanner.application.CertificateQuery;
import io.certfleet.scanner.application.CertificateView;
import io.certfleet.scanner.application.InventoryEntry;
import io.certfleet.scanner.domain.expiry.TrackedCertificate;
import io.certfleet.scanner.domain.scan.CertificateLocation;
import io.certfleet.scanner.domain.scan.ObservedCertificate;
import io.certfleet.scanner.domain.scan.ScanScope;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@link CertificateInventory} on the {@code certificate} table. */
@Singleton
final class JdbcCertificateInventory implements CertificateInventory {
    private static final String UPSERT = """
            INSERT INTO certificate (cluster_id, node_name, source_kind, location, idx, scope, kubeadm_name,
                certificate_authority, externally_managed, subject, issuer, serial_number, sha256, not_before,
                not_after, facts, findings, severity, first_seen_at, last_seen_at, last_scan_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?, ?)
            ON CONFLICT (cluster_id, node_name, source_kind, location, idx) DO UPDATE SET
                scope = EXCLUDED.scope, kubeadm_name = EXCLUDED.kubeadm_name,
                certificate_authority = EXCLUDED.certificate_authority,
                externally_managed = EXCLUDED.externally_managed, subject = EXCLUDED.subject,
                issuer = EXCLUDED.issuer, serial_number = EXCLUDED.serial_number,
                first_seen_at = CASE WHEN certificate.sha256 = EXCLUDED.sha256 THEN certificate.first_seen_at
                                     ELSE EXCLUDED.first_seen_at END,
                sha256 = EXCLUDED.sha256, not_before = EXCLUDED.not_before, not_after = EXCLUDED.not_after,
                facts = EXCLUDED.facts, findings = EXCLUDED.findings, severity = EXCLUDED.severity,
                last_seen_at = EXCLUDED.last_seen_at, last_scan_id = EXCLUDED.last_scan_id""";

    private final ServiceDatabase database;

    JdbcCertificateInventory(ServiceDatabase database) {
        this.database = database;
    }

    @Override
    public Map<CertificateLocation, TrackedCertificate> tracked(String clusterId, Collection<ScanScope> scopes) {
        if (scopes.isEmpty()) {
            return Map.of();
        }
        return database.read(connection -> {
            Map<CertificateLocation, TrackedCertificate> tracked = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT node_name, source_kind, location, idx, sha256, severity FROM certificate"
                            + " WHERE cluster_id = ? AND scope = ANY (?)")) {
                select.setString(1, clusterId);
                select.setArray(2, connection.createArrayOf("text", scopeValues(scopes)));
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        String node = rs.getString("node_name");
                        tracked.put(
                                new CertificateLocation(
                                        node.isEmpty() ? Optional.empty() : Optional.of(node),
                                        SourceKind.valueOf(rs.getString("source_kind")),
                                        rs.getString("location"),
                                        rs.getInt("idx")),
                                new TrackedCertificate(
                                        rs.getString("sha256"),
                                        ServiceDatabase.optionalString(rs, "severity")
                                                .map(ExpirySeverity::valueOf)));
                    }
                }
            }
            return tracked;
        });
    }

    @Override
    public void save(String clusterId, String scanId, Instant seenAt, List<InventoryEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        database.write(connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                for (InventoryEntry entry : entries) {
                    ObservedCertificate c = entry.certificate();
                    CertificateFacts facts = c.facts();
                    ServiceDatabase.bind(
                            upsert,
                            clusterId,
                            c.at().nodeName().orElse(""),
                            c.at().kind().name(),
                            c.at().location(),
                            c.at().index(),
                            entry.scope().value(),
                            c.kubeadmName().orElse(null),
                            c.certificateAuthority().orElse(null),
                            c.externallyManaged(),
                            facts.subject(),
                            facts.issuer(),
                            facts.serialNumber(),
                            facts.sha256(),
                            ServiceDatabase.timestamp(facts.notBefore()),
                            ServiceDatabase.timestamp(facts.notAfter()),
                            JsonColumns.write(facts),
                            JsonColumns.write(c.findings()),
                            entry.severity().map(Enum::name).orElse(null),
                            ServiceDatabase.timestamp(seenAt),
                            ServiceDatabase.timestamp(seenAt),
                            scanId);
                    upsert.addBatch();
                }
                upsert.executeBatch();
            }
            return null;
        });
    }

    @Override
    public int removeNotSeen(String clusterId, String scanId, Collection<ScanScope> scopes) {
        if (scopes.isEmpty()) {
            return 0;
        }
        return database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM certificate" + " WHERE cluster_id = ? AND scope = ANY (?) AND last_scan_id <> ?")) {
                delete.setString(1, clusterId);
                delete.setArray(2, connection.createArrayOf("text", scopeValues(scopes)));
                delete.setString(3, scanId);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public int removeNodesExcept(String clusterId, Collection<String> nodeNames) {
        return database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM certificate"
                    + " WHERE cluster_id = ? AND node_name <> '' AND NOT (node_name = ANY (?))")) {
                delete.setString(1, clusterId);
                delete.setArray(2, connection.createArrayOf("text", nodeNames.toArray(String[]::new)));
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public List<CertificateView> find(CertificateQuery query, Instant now) {
        StringBuilder sql =
                new StringBuilder("SELECT x.*, x.facts::text AS facts_json, x.findings::text AS findings_json"
                        + " FROM certificate x JOIN cluster c ON c.id = x.cluster_id WHERE true");
        List<Object> parameters = new ArrayList<>();
        if (!query.scope().isAll()) {
            sql.append(" AND x.cluster_id LIKE ANY (CAST(? AS text[]))");
            parameters.add(query.scope().likePatterns());
        }
        query.clusterId().ifPresent(id -> {
            sql.append(" AND x.cluster_id = ?");
            parameters.add(id);
        });
        query.team().ifPresent(team -> {
            sql.append(" AND c.labels ->> 'team' = ?");
            parameters.add(team);
        });
        query.severity().ifPresent(severity -> {
            sql.append(" AND x.severity = ?");
            parameters.add(severity.name());
        });
        query.expiringWithin().ifPresent(window -> {
            sql.append(" AND x.not_after <= ?");
            parameters.add(ServiceDatabase.timestamp(now.plus(window)));
        });
        sql.append(" ORDER BY x.not_after, x.cluster_id, x.node_name, x.location, x.idx LIMIT ? OFFSET ?");
        parameters.add(query.limit());
        parameters.add(query.offset());
        return database.read(connection -> {
            List<CertificateView> views = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
                ServiceDatabase.bind(select, parameters.toArray());
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        CertificateFacts facts = JsonColumns.facts(rs.getString("facts_json"));
                        String node = rs.getString("node_name");
                        views.add(new CertificateView(
                                rs.getString("cluster_id"),
                                node.isEmpty() ? Optional.empty() : Optional.of(node),
                                SourceKind.valueOf(rs.getString("source_kind")),
                                rs.getString("location"),
                                rs.getInt("idx"),
                                ServiceDatabase.optionalString(rs, "kubeadm_name"),
                                ServiceDatabase.optionalString(rs, "certificate_authority"),
                                rs.getBoolean("externally_managed"),
                                facts,
                                Duration.between(now, facts.notAfter()).toSeconds(),
                                ServiceDatabase.optionalString(rs, "severity").map(ExpirySeverity::valueOf),
                                JsonColumns.findings(rs.getString("findings_json")),
                                ServiceDatabase.instant(rs, "first_seen_at"),
                                ServiceDatabase.instant(rs, "last_seen_at"),
                                rs.getString("last_scan_id")));
                    }
                }
            }
            return views;
        });
    }

    private static String[] scopeValues(Collection<ScanScope> scopes) {
        return scopes.stream().map(ScanScope::value).distinct().toArray(String[]::new);
    }
}
