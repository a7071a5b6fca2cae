package io.certfleet.renewal.application;

import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Use case: upgrade-service planned or finished an upgrade. Planned upgrades let the policy hand a renewal over
 * ({@code VIA_UPGRADE}) instead of renewing certificates that the upgrade renews anyway.
 */
@Singleton
public class TrackUpgrades {
    private static final Logger LOG = LoggerFactory.getLogger(TrackUpgrades.class);

    private final PlannedUpgrades upgrades;

    TrackUpgrades(PlannedUpgrades upgrades) {
        this.upgrades = upgrades;
    }

    @Transactional
    public void planned(String clusterId, String upgradeId, Instant plannedAt) {
        upgrades.planned(clusterId, upgradeId, plannedAt);
        LOG.info("Upgrade {} of {} planned: renewals of the cluster may be handed over to it", upgradeId, clusterId);
    }

    @Transactional
    public void finished(String clusterId, String upgradeId) {
        upgrades.finished(clusterId, upgradeId);
    }
}
