package io.certfleet.renewal.domain.policy;

import java.time.Duration;
import java.util.Objects;

/**
 * The policy of clusters no rule selects, and the safety margin of every decision.
 *
 * @param approvalRequired whether a person must approve
 * @param schedule the maintenance windows
 * @param expiryMargin a renewal is not postponed to a window that opens later than this before expiry (renewing,
 *     restarting and verifying take time, and a window can be missed)
 */
public record PolicyDefaults(boolean approvalRequired, MaintenanceSchedule schedule, Duration expiryMargin) {
    public PolicyDefaults {
        Objects.requireNonNull(schedule, "schedule");
        Objects.requireNonNull(expiryMargin, "expiryMargin");
        if (expiryMargin.isNegative()) {
            throw new IllegalArgumentException("expiryMargin must not be negative");
        }
    }
}
