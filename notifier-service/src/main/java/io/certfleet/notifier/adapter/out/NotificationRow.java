package io.certfleet.notifier.adapter.out;

import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** A row of the {@code notification} table. */
@MappedEntity("notification")
record NotificationRow(
        @Id UUID id,
        String problemKey,
        String clusterId,
        String kind,
        String severity,
        String title,
        String detail,
        String status,
        int occurrences,
        Instant firstSeenAt,
        Instant lastSeenAt,
        String sourceEventId) {}
