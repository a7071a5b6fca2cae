package io.certfleet.scanner.domain.scan;

import io.certfleet.events.ScanCompleted;
import io.certfleet.events.ScanError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The persisted progress of one scan of one cluster. A scan is a pipeline: cluster-level sources first (endpoints not
 * tied to a node, Secrets, CSRs, trust bundles), then the nodes in name order, in batches; each step commits with its
 * events and advances this record, so a scan interrupted by a restart resumes after its last committed batch.
 *
 * <p>Memory stays bounded on any cluster size: only counts and the first {@link #KEPT_ERRORS} errors and {@link
 * #KEPT_UNREACHABLE} unreachable sources are kept (the event says how many there were in all).
 *
 * @param scanId the scan
 * @param clusterId the cluster
 * @param startedAt when the scan started
 * @param nodesTotal nodes to read
 * @param nodesDone nodes read and committed (the resume point)
 * @param clusterSourcesDone whether the cluster-level step is committed
 * @param certificateCount certificates observed so far (CertScanned events)
 * @param errorCount unreadable sources so far
 * @param expiryDetected ExpiryDetected events so far
 * @param expiryResolved ExpiryResolved events so far
 * @param unreachableCount sources that could not be reached so far
 * @param unreachable the first unreachable sources
 * @param errors the first errors
 */
public record ScanRun(
        String scanId,
        String clusterId,
        Instant startedAt,
        int nodesTotal,
        int nodesDone,
        boolean clusterSourcesDone,
        int certificateCount,
        int errorCount,
        int expiryDetected,
        int expiryResolved,
        int unreachableCount,
        List<String> unreachable,
        List<ScanError> errors) {
    /** Errors kept for the ScanCompleted event; {@code errorCount} counts them all. */
    public static final int KEPT_ERRORS = 200;
    /** Unreachable sources kept for the ScanCompleted event. */
    public static final int KEPT_UNREACHABLE = 1000;

    public ScanRun {
        Objects.requireNonNull(scanId, "scanId");
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(startedAt, "startedAt");
        unreachable = List.copyOf(unreachable);
        errors = List.copyOf(errors);
    }

    public static ScanRun start(String scanId, String clusterId, Instant startedAt, int nodesTotal) {
        return new ScanRun(scanId, clusterId, startedAt, nodesTotal, 0, false, 0, 0, 0, 0, 0, List.of(), List.of());
    }

    /** What one committed step of the pipeline added. */
    public record Step(
            int nodes,
            boolean clusterSources,
            int certificates,
            int detected,
            int resolved,
            List<String> unreachable,
            List<ScanError> errors) {
        public Step {
            unreachable = List.copyOf(unreachable);
            errors = List.copyOf(errors);
        }
    }

    /** The progress after a committed step. */
    public ScanRun after(Step step) {
        List<String> keptUnreachable = new ArrayList<>(unreachable);
        for (String source : step.unreachable()) {
            if (keptUnreachable.size() < KEPT_UNREACHABLE) {
                keptUnreachable.add(source);
            }
        }
        List<ScanError> keptErrors = new ArrayList<>(errors);
        for (ScanError error : step.errors()) {
            if (keptErrors.size() < KEPT_ERRORS) {
                keptErrors.add(error);
            }
        }
        return new ScanRun(
                scanId,
                clusterId,
                startedAt,
                nodesTotal,
                nodesDone + step.nodes(),
                clusterSourcesDone || step.clusterSources(),
                certificateCount + step.certificates(),
                errorCount + step.errors().size(),
                expiryDetected + step.detected(),
                expiryResolved + step.resolved(),
                unreachableCount + step.unreachable().size(),
                keptUnreachable,
                keptErrors);
    }

    /** The errors of a step that this run still keeps (the first {@link #KEPT_ERRORS} of the scan). */
    public List<ScanError> errorsToKeep(List<ScanError> stepErrors) {
        int room = Math.max(0, KEPT_ERRORS - errors.size());
        return stepErrors.subList(0, Math.min(room, stepErrors.size()));
    }

    /** The ScanCompleted event of the finished scan. */
    public ScanCompleted completed(Instant finishedAt) {
        return new ScanCompleted(
                scanId,
                clusterId,
                startedAt,
                finishedAt.isBefore(startedAt) ? startedAt : finishedAt,
                certificateCount,
                errorCount,
                unreachable,
                errors);
    }
}
