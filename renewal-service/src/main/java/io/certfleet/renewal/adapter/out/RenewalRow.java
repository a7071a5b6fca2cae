package io.certfleet.renewal.adapter.out;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.util.UUID;

/** A row of the {@code renewal} table. */
@MappedEntity("renewal")
record RenewalRow(
        @Id UUID id,
        String clusterId,
        @Nullable String nodeName,
        String location,
        @Nullable String kubeadmName,
        String sha256,
        String severity,
        Instant notAfter,
        String state,
        String strategy,
        String reason,
        boolean approvalRequired,
        String requestedBy,
        String sourceEventId,
        Instant requestedAt,
        Instant updatedAt) {}
