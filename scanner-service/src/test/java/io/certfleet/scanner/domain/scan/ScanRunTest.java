package io.certfleet.scanner.domain.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.events.ScanCompleted;
import io.certfleet.events.ScanError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanRunTest {
    private static final Instant STARTED = Instant.parse("2026-11-22T10:00:00Z");

    @Test
    void stepsAddUpAndTheEventCarriesTheTotals() {
        ScanRun run = ScanRun.start("scan-1", "prod-1", STARTED, 3);
        run = run.after(new ScanRun.Step(0, true, 4, 1, 0, List.of(), List.of(new ScanError("secrets", "forbidden"))));
        run = run.after(new ScanRun.Step(3, false, 40, 2, 1, List.of("node w-3"), List.of()));

        ScanCompleted completed = run.completed(STARTED.plusSeconds(5));

        assertThat(run.nodesDone()).isEqualTo(3);
        assertThat(run.clusterSourcesDone()).isTrue();
        assertThat(run.expiryDetected()).isEqualTo(3);
        assertThat(run.expiryResolved()).isEqualTo(1);
        assertThat(completed.certificateCount()).isEqualTo(44);
        assertThat(completed.errorCount()).isEqualTo(1);
        assertThat(completed.unreachableSources()).containsExactly("node w-3");
        assertThat(completed.finishedAt()).isEqualTo(STARTED.plusSeconds(5));
    }

    @Test
    void keepsOnlyTheFirstErrorsButCountsThemAll() {
        List<ScanError> many = new ArrayList<>();
        for (int i = 0; i < ScanRun.KEPT_ERRORS + 50; i++) {
            many.add(new ScanError("/etc/kubernetes/pki/x" + i + ".crt", "truncated"));
        }
        ScanRun run = ScanRun.start("scan-1", "prod-1", STARTED, 5000);

        List<ScanError> kept = run.errorsToKeep(many);
        ScanRun after = run.after(new ScanRun.Step(200, false, 0, 0, 0, List.of(), many));

        assertThat(kept).hasSize(ScanRun.KEPT_ERRORS);
        assertThat(after.errors()).hasSize(ScanRun.KEPT_ERRORS);
        assertThat(after.errorCount()).isEqualTo(ScanRun.KEPT_ERRORS + 50);
        assertThat(after.errorsToKeep(many)).isEmpty();
    }
}
