package io.certfleet.scanner.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.events.RenewalCompleted;
import io.certfleet.events.ScanCompleted;
import io.certfleet.events.ScanError;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterScanTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    @Test
    void clusterWithoutKnownSourcesIsNotReportedAsClean() {
        ScanCompleted result = new ClusterScan(CLOCK).run("prod-eu-west-1", List.of());

        assertThat(result.certificateCount()).isZero();
        assertThat(result.errorCount()).isEqualTo(1);
        assertThat(result.errors())
                .containsExactly(
                        new ScanError(ClusterScan.INVENTORY, "no certificate sources are known for this cluster yet"));
        assertThat(result.startedAt()).isEqualTo(NOW);
        assertThat(result.finishedAt()).isEqualTo(NOW);
    }

    @Test
    void completedRenewalAsksForARescanNamingTheRenewalAndNodes() {
        RescanRequest request = RescanRequest.after(
                new RenewalCompleted("ren-1", "prod-eu-west-1", List.of("cp-1", "cp-2"), NOW), "event-1", NOW);

        assertThat(request.clusterId()).isEqualTo("prod-eu-west-1");
        assertThat(request.renewalId()).isEqualTo("ren-1");
        assertThat(request.reason()).isEqualTo("renewal ren-1 completed on cp-1, cp-2: observe the new certificates");
        assertThat(request.requestedAt()).isEqualTo(NOW);
    }
}
