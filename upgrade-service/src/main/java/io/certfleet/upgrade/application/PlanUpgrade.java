package io.certfleet.upgrade.application;

import io.certfleet.events.UpgradeFailed;
import io.certfleet.events.UpgradeRequested;
import io.certfleet.messaging.Outbox;
import io.certfleet.upgrade.domain.UpgradeDecision;
import io.certfleet.upgrade.domain.UpgradePlanner;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Use case: an upgrade was requested; plan it (or say why not) and announce the outcome. */
@Singleton
public class PlanUpgrade {
    /** The {@code step} of an UpgradeFailed raised while planning. */
    public static final String PLAN_STEP = "PLAN";

    private static final Logger LOG = LoggerFactory.getLogger(PlanUpgrade.class);

    private final UpgradePlans plans;
    private final Outbox outbox;
    private final Clock clock;
    private final UpgradePlanner planner = new UpgradePlanner();

    PlanUpgrade(UpgradePlans plans, Outbox outbox, Clock clock) {
        this.plans = plans;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Persists the plan (or the rejection) and its event together, or neither. */
    @Transactional
    public UpgradeDecision onUpgradeRequested(String eventId, UpgradeRequested request) {
        UpgradeDecision decision = planner.plan(request, plans.exists(request.upgradeId()));
        switch (decision) {
            case UpgradeDecision.Planned planned -> {
                plans.addPlanned(planned.plan(), planned.reason(), request.requestedBy(), eventId, clock.instant());
                outbox.append(planned.plan().plannedEvent());
                LOG.info("Upgrade {} planned: {}", request.upgradeId(), planned.reason());
            }
            case UpgradeDecision.Rejected rejected -> {
                plans.addRejected(request, rejected.reason(), eventId, clock.instant());
                outbox.append(new UpgradeFailed(
                        request.upgradeId(), request.clusterId(), PLAN_STEP, null, rejected.reason(), false));
                LOG.warn("Upgrade {} rejected: {}", request.upgradeId(), rejected.reason());
            }
            case UpgradeDecision.AlreadyPlanned already -> LOG.info("Nothing to plan: {}", already.reason());
        }
        return decision;
    }
}
