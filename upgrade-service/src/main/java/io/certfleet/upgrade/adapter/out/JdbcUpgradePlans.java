package io.certfleet.upgrade.adapter.out;

import io.certfleet.events.UpgradeRequested;
import io.certfleet.upgrade.application.UpgradePlans;
import io.certfleet.upgrade.domain.UpgradePlan;
import jakarta.inject.Singleton;
import java.time.Instant;

/** {@link UpgradePlans} on PostgreSQL through Micronaut Data JDBC. */
@Singleton
final class JdbcUpgradePlans implements UpgradePlans {
    static final String PLANNED = "PLANNED";
    static final String REJECTED = "REJECTED";

    private final UpgradePlanRows rows;

    JdbcUpgradePlans(UpgradePlanRows rows) {
        this.rows = rows;
    }

    @Override
    public boolean exists(String upgradeId) {
        return rows.existsById(upgradeId);
    }

    @Override
    public void addPlanned(UpgradePlan plan, String reason, String requestedBy, String sourceEventId, Instant at) {
        rows.save(new UpgradePlanRow(
                plan.upgradeId(),
                plan.clusterId(),
                plan.from().toString(),
                plan.target().toString(),
                PLANNED,
                plan.hops().toArray(String[]::new),
                reason,
                requestedBy,
                sourceEventId,
                at));
    }

    @Override
    public void addRejected(UpgradeRequested request, String reason, String sourceEventId, Instant at) {
        rows.save(new UpgradePlanRow(
                request.upgradeId(),
                request.clusterId(),
                request.fromVersion(),
                request.targetVersion(),
                REJECTED,
                new String[0],
                reason,
                request.requestedBy(),
                sourceEventId,
                at));
    }
}
