package io.certfleet.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.events.CloudEvent;
import io.certfleet.events.EventData;
import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.events.RenewalRequested;
import io.certfleet.messaging.testing.EventConsumerContract;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** renewal-service against the real broker and database: ExpiryDetected in, renewal row + RenewalRequested out. */
class RenewalServiceIT extends EventConsumerContract {
    private static final String SHA = "51cc8efe6bac2673c04973ca0b0b60b5c13030c3de806c9ea5e7ca4448760f1e";

    @Override
    protected String schema() {
        return "renewal";
    }

    @Override
    protected String consumerGroup() {
        return "renewal.certificates";
    }

    @Override
    protected String consumerName() {
        return "renewal.certificates";
    }

    @Override
    protected CloudEvent sampleInput(String clusterId) {
        return expiry(clusterId, "/etc/kubernetes/pki/apiserver.crt", ExpirySeverity.CRITICAL);
    }

    @Override
    protected long effectCount(String clusterId) {
        return service.count("SELECT count(*) FROM renewal WHERE cluster_id = ?", clusterId);
    }

    @Override
    protected Optional<Class<? extends EventData>> answerType() {
        return Optional.of(RenewalRequested.class);
    }

    @Test
    void renewalRowAndEventDescribeTheSameRenewal() {
        String clusterId = newClusterId();

        kafka.send(sampleInput(clusterId));

        eventually().until(() -> kafka.events(RenewalRequested.class, clusterId).size() == 1);
        RenewalRequested requested = (RenewalRequested)
                kafka.events(RenewalRequested.class, clusterId).get(0).data();
        List<Map<String, Object>> rows = service.rows(
                "SELECT id::text AS id, state, strategy, approval_required, reason FROM renewal WHERE cluster_id = ?",
                clusterId);
        assertThat(rows).singleElement().satisfies(row -> {
            assertThat(row.get("id")).isEqualTo(requested.renewalId());
            assertThat(row.get("state")).isEqualTo("AWAITING_APPROVAL");
            assertThat(row.get("strategy")).isEqualTo(requested.strategy().name());
            assertThat(row.get("approval_required")).isEqualTo(true);
            assertThat(row.get("reason")).isEqualTo(requested.reason());
        });
        assertThat(requested.approvalRequired()).isTrue();
        assertThat(requested.certificates())
                .singleElement()
                .satisfies(ref -> assertThat(ref.kubeadmName()).isEqualTo("apiserver"));
    }

    @Test
    void secondThresholdCrossingOfAnOpenRenewalRequestsNothingNew() {
        String clusterId = newClusterId();
        kafka.send(expiry(clusterId, "/etc/kubernetes/pki/etcd/server.crt", ExpirySeverity.WARNING));
        eventually().until(() -> effectCount(clusterId) == 1);

        var second = kafka.send(expiry(clusterId, "/etc/kubernetes/pki/etcd/server.crt", ExpirySeverity.CRITICAL));

        eventually().until(() -> kafka.consumed(consumerGroup(), second));
        assertThat(effectCount(clusterId)).isEqualTo(1);
        assertThat(service.count("SELECT count(*) FROM outbox WHERE kafka_key = ?", clusterId))
                .isEqualTo(1);
    }

    private static CloudEvent expiry(String clusterId, String location, ExpirySeverity severity) {
        Instant notAfter = Instant.now().plus(Duration.ofDays(5));
        return CloudEvent.of(
                new ExpiryDetected(
                        clusterId,
                        "cp-1",
                        location,
                        location.endsWith("apiserver.crt") ? "apiserver" : null,
                        SHA,
                        notAfter,
                        severity,
                        null,
                        Duration.ofDays(5).toSeconds(),
                        Map.of("team", "platform")),
                "/certfleet/scanner",
                Clock.systemUTC());
    }
}
