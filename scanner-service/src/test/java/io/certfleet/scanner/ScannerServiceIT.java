package io.certfleet.scanner;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.events.CloudEvent;
import io.certfleet.events.EventData;
import io.certfleet.events.RenewalCompleted;
import io.certfleet.events.ScanCompleted;
import io.certfleet.messaging.testing.EventConsumerContract;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * scanner-service's consumer contract against the real broker and database: RenewalCompleted in, a scan_request row
 * and an answer out. The sample input names a cluster the inventory does not hold, so the answer is immediate: a
 * ScanCompleted with one error saying so (a fleet cluster is scanned by the pipeline, see {@link ScannerFleetIT}).
 */
class ScannerServiceIT extends EventConsumerContract {

    @Override
    protected String schema() {
        return "scanner";
    }

    @Override
    protected String consumerGroup() {
        return "scanner.renewals";
    }

    @Override
    protected String consumerName() {
        return "scanner.renewals";
    }

    @Override
    protected CloudEvent sampleInput(String clusterId) {
        return CloudEvent.of(
                new RenewalCompleted("ren-" + UUID.randomUUID(), clusterId, List.of("cp-1"), Instant.now()),
                "/certfleet/renewal",
                Clock.systemUTC());
    }

    @Override
    protected long effectCount(String clusterId) {
        return service.count("SELECT count(*) FROM scan_request WHERE cluster_id = ?", clusterId);
    }

    @Override
    protected Optional<Class<? extends EventData>> answerType() {
        return Optional.of(ScanCompleted.class);
    }

    @Test
    void rescanRecordsTheScanItPublished() {
        String clusterId = newClusterId();
        CloudEvent input = sampleInput(clusterId);

        kafka.send(input);

        eventually().until(() -> kafka.events(ScanCompleted.class, clusterId).size() == 1);
        ScanCompleted scan = (ScanCompleted)
                kafka.events(ScanCompleted.class, clusterId).get(0).data();
        assertThat(scan.errors()).singleElement().satisfies(error -> {
            assertThat(error.location()).isEqualTo("inventory");
            assertThat(error.reason()).contains(clusterId, "not in the inventory");
        });
        assertThat(scan.certificateCount()).isZero();
        assertThat(service.rows(
                        "SELECT state, scan_id, renewal_id, source_event_id FROM scan_request WHERE cluster_id = ?",
                        clusterId))
                .singleElement()
                .satisfies(row -> {
                    assertThat(row.get("state")).isEqualTo("COMPLETED");
                    assertThat(row.get("scan_id")).isEqualTo(scan.scanId());
                    assertThat(row.get("renewal_id")).isEqualTo(((RenewalCompleted) input.data()).renewalId());
                    assertThat(row.get("source_event_id")).isEqualTo(input.id());
                });
    }
}
