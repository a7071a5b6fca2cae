package io.certfleet.scanner.application;

import java.time.Instant;
import java.util.Optional;

/**
 * A scan as the API lists it.
 *
 * @param scanId the scan
 * @param clusterId the cluster
 * @param trigger what started it ({@code schedule}, {@code request})
 * @param status RUNNING, COMPLETED or ABANDONED
 * @param startedAt when it started
 * @param finishedAt when it finished
 * @param nodesTotal nodes to read
 * @param nodesDone nodes read
 * @param certificateCount certificates observed
 * @param errorCount unreadable sources
 * @param unreachableCount sources that could not be reached
 * @param expiryDetected ExpiryDetected events emitted
 * @param expiryResolved ExpiryResolved events emitted
 * @param statusReason why it was abandoned
 */
public record ScanView(
        String scanId,
        String clusterId,
        String trigger,
        String status,
        Instant startedAt,
        Optional<Instant> finishedAt,
        int nodesTotal,
        int nodesDone,
        int certificateCount,
        int errorCount,
        int unreachableCount,
        int expiryDetected,
        int expiryResolved,
        Optional<String> statusReason) {}
