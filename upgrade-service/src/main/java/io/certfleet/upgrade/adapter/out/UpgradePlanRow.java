package io.certfleet.upgrade.adapter.out;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;
import java.time.Instant;

/** A row of the {@code upgrade_plan} table. */
@MappedEntity("upgrade_plan")
record UpgradePlanRow(
        @Id String upgradeId,
        String clusterId,
        String fromVersion,
        String targetVersion,
        String state,
        @TypeDef(type = DataType.STRING_ARRAY) String[] hops,
        String reason,
        String requestedBy,
        String sourceEventId,
        Instant createdAt) {}
