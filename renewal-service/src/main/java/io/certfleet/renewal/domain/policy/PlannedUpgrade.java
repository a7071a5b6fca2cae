package io.certfleet.renewal.domain.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * An upgrade of the cluster that upgrade-service has already planned; {@code kubeadm upgrade} renews every
 * certificate, so a renewal can be handed over to it when it finishes in time.
 *
 * @param upgradeId the upgrade
 * @param expectedBy when it is expected to have finished
 */
public record PlannedUpgrade(String upgradeId, Instant expectedBy) {
    public PlannedUpgrade {
        Objects.requireNonNull(upgradeId, "upgradeId");
        Objects.requireNonNull(expectedBy, "expectedBy");
    }
}
