package io.certfleet.scanner.application;

import io.certfleet.events.ScanError;
import io.certfleet.messaging.ClusterScope;
import io.certfleet.scanner.domain.scan.ScanRun;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Scans and their persisted progress (tables {@code scan} and {@code scan_error}). Runs in the caller's transaction. */
public interface ScanRuns {

    /** The cluster's scan that started and never finished (its instance stopped), to resume. */
    Optional<ScanRun> unfinished(String clusterId);

    void start(ScanRun run, String trigger, String owner, Instant now);

    /** Stores the progress after a committed step and the step's errors the run keeps. */
    void advance(ScanRun run, List<ScanError> keptErrors, Instant now);

    void finish(ScanRun run, Instant finishedAt);

    /** Marks a scan that cannot go on (its cluster vanished, its lease was lost) with why. */
    void abandon(String scanId, String reason, Instant now);

    /** Recent scans, newest first. */
    List<ScanView> recent(ClusterScope scope, Optional<String> clusterId, int limit);
}
