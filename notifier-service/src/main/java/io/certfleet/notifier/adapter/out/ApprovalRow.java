package io.certfleet.notifier.adapter.out;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** A row of the {@code approval} table. */
@MappedEntity("approval")
record ApprovalRow(
        @Id UUID id,
        String clusterId,
        String subjectKind,
        String subjectId,
        String summary,
        String state,
        Instant requestedAt,
        String sourceEventId,
        @Nullable String approvedBy,
        @Nullable String channel,
        @Nullable String comment,
        @Nullable Instant decidedAt) {}
