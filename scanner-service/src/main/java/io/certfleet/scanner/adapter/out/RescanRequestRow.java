package io.certfleet.scanner.adapter.out;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** A row of the {@code rescan_request} table. */
@MappedEntity("rescan_request")
record RescanRequestRow(
        @Id UUID id,
        String clusterId,
        String renewalId,
        String reason,
        String state,
        String sourceEventId,
        Instant requestedAt,
        @Nullable String scanId,
        @Nullable Integer certificateCount,
        @Nullable Integer errorCount,
        @Nullable Instant completedAt) {}
