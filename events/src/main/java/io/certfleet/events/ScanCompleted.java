package io.certfleet.events;

import java.time.Instant;
import java.util.List;

/**
 * A scan of one cluster finished. Emitted by scanner-service after the scan's {@link CertScanned} events, on topic
 * {@link Topics#CERTIFICATES}.
 *
 * @param scanId the scan
 * @param clusterId the cluster
 * @param startedAt when the scan started
 * @param finishedAt when it finished
 * @param certificateCount certificates observed (the number of {@link CertScanned} events of this scan)
 * @param errorCount sources that could not be read
 * @param unreachableSources nodes or endpoints that could not be reached at all
 * @param errors per-source errors (may be truncated to the first ones; {@code errorCount} is the total)
 */
public record ScanCompleted(
        String scanId,
        String clusterId,
        Instant startedAt,
        Instant finishedAt,
        int certificateCount,
        int errorCount,
        List<String> unreachableSources,
        List<ScanError> errors)
        implements EventData {
    public ScanCompleted {
        Fields.text(scanId, "scanId");
        Fields.text(clusterId, "clusterId");
        Fields.required(startedAt, "startedAt");
        Fields.required(finishedAt, "finishedAt");
        Fields.nonNegative(certificateCount, "certificateCount");
        Fields.nonNegative(errorCount, "errorCount");
        unreachableSources = Fields.list(unreachableSources, "unreachableSources");
        errors = Fields.list(errors, "errors");
    }
}
