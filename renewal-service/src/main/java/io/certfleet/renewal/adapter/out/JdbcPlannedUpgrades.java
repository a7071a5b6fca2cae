package io.certfleet.renewal.adapter.out;

import static io.certfleet.messaging.ServiceDatabase.bind;
import static io.certfleet.messaging.ServiceDatabase.instant;
import static io.certfleet.messaging.ServiceDatabase.timestamp;

import io.certfleet.messaging.ServiceDatabase;
import io.certfleet.renewal.application.PlannedUpgrades;
import io.certfleet.renewal.config.RenewalSettings;
import io.certfleet.renewal.domain.policy.PlannedUpgrade;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;

/**
 * {@link PlannedUpgrades} in table {@code planned_upgrade}. UpgradePlanned carries no schedule, so an upgrade is
 * expected to finish {@code certfleet.renewal.upgrade-lead-time} after it was planned.
 */
@Singleton
final class JdbcPlannedUpgrades implements PlannedUpgrades {
    private final ServiceDatabase database;
    private final RenewalSettings settings;

    JdbcPlannedUpgrades(ServiceDatabase database, RenewalSettings settings) {
        this.database = database;
        this.settings = settings;
    }

    @Override
    public Optional<PlannedUpgrade> find(String clusterId) {
        return database.read(c -> {
            try (PreparedStatement select =
                    c.prepareStatement("SELECT upgrade_id, planned_at FROM planned_upgrade WHERE cluster_id = ?")) {
                bind(select, clusterId);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next()
                            ? Optional.of(new PlannedUpgrade(
                                    rs.getString("upgrade_id"),
                                    instant(rs, "planned_at").plus(settings.upgradeLeadTime())))
                            : Optional.empty();
                }
            }
        });
    }

    @Override
    public void planned(String clusterId, String upgradeId, Instant plannedAt) {
        database.write(c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO planned_upgrade (cluster_id, upgrade_id,"
                    + " planned_at) VALUES (?, ?, ?) ON CONFLICT (cluster_id) DO UPDATE SET upgrade_id ="
                    + " excluded.upgrade_id, planned_at = excluded.planned_at")) {
                bind(upsert, clusterId, upgradeId, timestamp(plannedAt));
                return upsert.executeUpdate();
            }
        });
    }

    @Override
    public void finished(String clusterId, String upgradeId) {
        database.write(c -> {
            try (PreparedStatement delete =
                    c.prepareStatement("DELETE FROM planned_upgrade WHERE cluster_id = ? AND upgrade_id = ?")) {
                bind(delete, clusterId, upgradeId);
                return delete.executeUpdate();
            }
        });
    }
}
