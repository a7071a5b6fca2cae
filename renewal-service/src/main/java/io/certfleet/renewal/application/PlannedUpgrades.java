package io.certfleet.renewal.application;

import io.certfleet.renewal.domain.policy.PlannedUpgrade;
import java.time.Instant;
import java.util.Optional;

/** Upgrades upgrade-service has planned and not yet finished, as renewal-service learnt them from its events. */
public interface PlannedUpgrades {

    Optional<PlannedUpgrade> find(String clusterId);

    void planned(String clusterId, String upgradeId, Instant plannedAt);

    void finished(String clusterId, String upgradeId);
}
