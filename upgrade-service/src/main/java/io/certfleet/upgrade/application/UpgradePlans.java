package io.certfleet.upgrade.application;

import io.certfleet.events.UpgradeRequested;
import io.certfleet.upgrade.domain.UpgradePlan;
import java.time.Instant;

/** Where upgrade plans are kept (the {@code upgrade_plan} table). Runs in the caller's transaction. */
public interface UpgradePlans {

    boolean exists(String upgradeId);

    void addPlanned(UpgradePlan plan, String reason, String requestedBy, String sourceEventId, Instant at);

    void addRejected(UpgradeRequested request, String reason, String sourceEventId, Instant at);
}
