package io.certfleet.scanner.adapter.out;

import io.certfleet.messaging.ClusterScope;
import io.certfleet.messaging.ServiceDatabase;
import io.certfleet.scanner.application.ClusterInventory;
import io.certfleet.scanner.application.ClusterSummary;
import io.certfleet.scanner.application.ScanLeases;
import io.certfleet.scanner.domain.inventory.Cluster;
import io.certfleet.scanner.domain.inventory.ClusterFlavour;
import io.certfleet.scanner.domain.inventory.ClusterNode;
import io.certfleet.scanner.domain.inventory.ClusterOrigin;
import io.certfleet.scanner.domain.inventory.ManagementRef;
import io.certfleet.scanner.domain.inventory.NodeAccess;
import io.certfleet.scanner.domain.inventory.NodeRole;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@link ClusterInventory} and {@link ScanLeases} on the {@code cluster} and {@code cluster_node} tables. */
@Singleton
final class JdbcClusterInventory implements ClusterInventory, ScanLeases {
    private static final String UPSERT = """
            INSERT INTO cluster (id, flavour, labels, api_endpoint, management_cluster, management_namespace,
                management_name, ssh_secret_available, node_access, origin, scan_interval_seconds, endpoints,
                registered_at, updated_at, next_scan_at)
            VALUES (?, ?, CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?, ?, ?)
            ON CONFLICT (id) DO UPDATE SET flavour = EXCLUDED.flavour, labels = EXCLUDED.labels,
                api_endpoint = EXCLUDED.api_endpoint, management_cluster = EXCLUDED.management_cluster,
                management_namespace = EXCLUDED.management_namespace, management_name = EXCLUDED.management_name,
                ssh_secret_available = EXCLUDED.ssh_secret_available, node_access = EXCLUDED.node_access,
                origin = EXCLUDED.origin, scan_interval_seconds = EXCLUDED.scan_interval_seconds,
                endpoints = EXCLUDED.endpoints, updated_at = EXCLUDED.updated_at
            RETURNING (xmax = 0) AS inserted""";
    private static final String INSERT_NODE = "INSERT INTO cluster_node (cluster_id, name, role, address, local_root,"
            + " endpoints) VALUES (?, ?, ?, ?, ?, CAST(? AS jsonb))";
    private static final String SUMMARY = """
            SELECT c.*, (SELECT count(*) FROM cluster_node n WHERE n.cluster_id = c.id) AS node_count,
                (SELECT count(*) FROM certificate x WHERE x.cluster_id = c.id) AS certificate_count
            FROM cluster c""";
    private static final String CLAIM = """
            UPDATE cluster SET lease_owner = ?, lease_until = ?
            WHERE id IN (SELECT id FROM cluster
                         WHERE next_scan_at <= ? AND (lease_until IS NULL OR lease_until < ?)
                         ORDER BY next_scan_at LIMIT ? FOR UPDATE SKIP LOCKED)
            RETURNING id""";

    private final ServiceDatabase database;

    JdbcClusterInventory(ServiceDatabase database) {
        this.database = database;
    }

    @Override
    public Optional<Cluster> find(String clusterId) {
        return database.read(connection -> {
            Optional<Cluster> cluster = Optional.empty();
            try (PreparedStatement select = connection.prepareStatement("SELECT * FROM cluster WHERE id = ?")) {
                select.setString(1, clusterId);
                try (ResultSet rs = select.executeQuery()) {
                    if (rs.next()) {
                        cluster = Optional.of(cluster(rs, nodes(connection, clusterId)));
                    }
                }
            }
            return cluster;
        });
    }

    @Override
    public boolean exists(String clusterId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM cluster WHERE id = ?")) {
                select.setString(1, clusterId);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    @Override
    public boolean save(Cluster cluster, Instant now, Instant firstScanAt) {
        return database.write(connection -> {
            boolean inserted;
            try (PreparedStatement upsert = connection.prepareStatement(UPSERT)) {
                ServiceDatabase.bind(
                        upsert,
                        cluster.id(),
                        cluster.flavour().name(),
                        JsonColumns.write(cluster.labels()),
                        cluster.apiEndpoint().orElse(null),
                        cluster.management()
                                .map(ManagementRef::managementCluster)
                                .orElse(null),
                        cluster.management().map(ManagementRef::namespace).orElse(null),
                        cluster.management().map(ManagementRef::name).orElse(null),
                        cluster.sshSecretAvailable(),
                        cluster.nodeAccess().name(),
                        cluster.origin().name(),
                        cluster.scanInterval().map(Duration::toSeconds).orElse(null),
                        JsonColumns.endpoints(cluster.endpoints()),
                        ServiceDatabase.timestamp(now),
                        ServiceDatabase.timestamp(now),
                        ServiceDatabase.timestamp(firstScanAt));
                try (ResultSet rs = upsert.executeQuery()) {
                    rs.next();
                    inserted = rs.getBoolean("inserted");
                }
            }
            try (PreparedStatement delete =
                    connection.prepareStatement("DELETE FROM cluster_node WHERE cluster_id = ?")) {
                delete.setString(1, cluster.id());
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(INSERT_NODE)) {
                for (ClusterNode node : cluster.nodes()) {
                    ServiceDatabase.bind(
                            insert,
                            cluster.id(),
                            node.name(),
                            node.role().name(),
                            node.address().orElse(null),
                            node.localRoot().orElse(null),
                            JsonColumns.endpoints(node.endpoints()));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            return inserted;
        });
    }

    @Override
    public Optional<ClusterOrigin> origin(String clusterId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT origin FROM cluster WHERE id = ?")) {
                select.setString(1, clusterId);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(ClusterOrigin.valueOf(rs.getString(1))) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<String> ids(ClusterOrigin origin, Optional<String> managementCluster) {
        return database.read(connection -> {
            String sql = "SELECT id FROM cluster WHERE origin = ?"
                    + (managementCluster.isPresent() ? " AND management_cluster = ?" : "") + " ORDER BY id";
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                select.setString(1, origin.name());
                if (managementCluster.isPresent()) {
                    select.setString(2, managementCluster.get());
                }
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    @Override
    public void remove(String clusterId) {
        database.write(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM cluster WHERE id = ?")) {
                delete.setString(1, clusterId);
                return delete.executeUpdate();
            }
        });
    }

    @Override
    public List<ClusterSummary> summaries(ClusterScope scope, Optional<String> team, int limit, int offset) {
        return database.read(connection -> {
            String sql = SUMMARY + " WHERE true" + (team.isPresent() ? " AND c.labels ->> 'team' = ?" : "")
                    + (scope.isAll() ? "" : " AND c.id LIKE ANY (CAST(? AS text[]))")
                    + " ORDER BY c.id LIMIT ? OFFSET ?";
            try (PreparedStatement select = connection.prepareStatement(sql)) {
                int i = 1;
                if (team.isPresent()) {
                    select.setString(i++, team.get());
                }
                if (!scope.isAll()) {
                    select.setObject(i++, scope.likePatterns());
                }
                select.setInt(i++, limit);
                select.setInt(i, offset);
                List<ClusterSummary> summaries = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        summaries.add(summary(rs));
                    }
                }
                return summaries;
            }
        });
    }

    @Override
    public Optional<ClusterSummary> summary(String clusterId) {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(SUMMARY + " WHERE c.id = ?")) {
                select.setString(1, clusterId);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(summary(rs)) : Optional.empty();
                }
            }
        });
    }

    // --- leases --------------------------------------------------------------------------------------------------

    @Override
    public List<String> claimDue(String owner, Instant now, Instant leaseUntil, int limit) {
        return database.write(connection -> {
            try (PreparedStatement claim = connection.prepareStatement(CLAIM)) {
                ServiceDatabase.bind(
                        claim,
                        owner,
                        ServiceDatabase.timestamp(leaseUntil),
                        ServiceDatabase.timestamp(now),
                        ServiceDatabase.timestamp(now),
                        limit);
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = claim.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    @Override
    public boolean renew(String clusterId, String owner, Instant leaseUntil) {
        return database.write(connection -> {
            try (PreparedStatement renew = connection.prepareStatement(
                    "UPDATE cluster SET lease_until = ? WHERE id = ? AND lease_owner = ?")) {
                ServiceDatabase.bind(renew, ServiceDatabase.timestamp(leaseUntil), clusterId, owner);
                return renew.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void release(String clusterId, String owner, Instant nextScanAt) {
        database.write(connection -> {
            // only this owner's lease: after losing it, the new owner's lease stays as it is
            try (PreparedStatement release = connection.prepareStatement("UPDATE cluster SET lease_owner = NULL,"
                    + " lease_until = NULL, next_scan_at = ? WHERE id = ? AND lease_owner = ?")) {
                ServiceDatabase.bind(release, ServiceDatabase.timestamp(nextScanAt), clusterId, owner);
                return release.executeUpdate();
            }
        });
    }

    @Override
    public void dueNow(String clusterId, Instant now) {
        database.write(connection -> {
            try (PreparedStatement due = connection.prepareStatement(
                    "UPDATE cluster SET next_scan_at = LEAST(next_scan_at, ?) WHERE id = ?")) {
                ServiceDatabase.bind(due, ServiceDatabase.timestamp(now), clusterId);
                return due.executeUpdate();
            }
        });
    }

    // --- mapping -------------------------------------------------------------------------------------------------

    private static List<ClusterNode> nodes(Connection connection, String clusterId) throws SQLException {
        List<ClusterNode> nodes = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT name, role, address, local_root, endpoints::text AS endpoints FROM cluster_node"
                        + " WHERE cluster_id = ? ORDER BY name")) {
            select.setString(1, clusterId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    nodes.add(new ClusterNode(
                            rs.getString("name"),
                            NodeRole.valueOf(rs.getString("role")),
                            ServiceDatabase.optionalString(rs, "address"),
                            ServiceDatabase.optionalString(rs, "local_root"),
                            JsonColumns.endpoints(rs.getString("endpoints"))));
                }
            }
        }
        return nodes;
    }

    private static Cluster cluster(ResultSet rs, List<ClusterNode> nodes) throws SQLException {
        long interval = rs.getLong("scan_interval_seconds");
        Optional<Duration> scanInterval = rs.wasNull() ? Optional.empty() : Optional.of(Duration.ofSeconds(interval));
        return new Cluster(
                rs.getString("id"),
                ClusterFlavour.valueOf(rs.getString("flavour")),
                JsonColumns.labels(rs.getString("labels")),
                ServiceDatabase.optionalString(rs, "api_endpoint"),
                management(rs),
                rs.getBoolean("ssh_secret_available"),
                NodeAccess.valueOf(rs.getString("node_access")),
                ClusterOrigin.valueOf(rs.getString("origin")),
                scanInterval,
                nodes,
                JsonColumns.endpoints(rs.getString("endpoints")));
    }

    private static Optional<ManagementRef> management(ResultSet rs) throws SQLException {
        String management = rs.getString("management_cluster");
        if (management == null) {
            return Optional.empty();
        }
        return Optional.of(
                new ManagementRef(management, rs.getString("management_namespace"), rs.getString("management_name")));
    }

    private static ClusterSummary summary(ResultSet rs) throws SQLException {
        return new ClusterSummary(
                rs.getString("id"),
                ClusterFlavour.valueOf(rs.getString("flavour")),
                JsonColumns.labels(rs.getString("labels")),
                ServiceDatabase.optionalString(rs, "api_endpoint"),
                ServiceDatabase.optionalString(rs, "management_cluster"),
                ServiceDatabase.optionalString(rs, "management_namespace"),
                rs.getBoolean("ssh_secret_available"),
                NodeAccess.valueOf(rs.getString("node_access")),
                ClusterOrigin.valueOf(rs.getString("origin")),
                rs.getInt("node_count"),
                rs.getLong("certificate_count"),
                ServiceDatabase.instant(rs, "next_scan_at"),
                ServiceDatabase.optionalString(rs, "last_scan_id"),
                ServiceDatabase.optionalInstant(rs, "last_scan_at"));
    }
}
