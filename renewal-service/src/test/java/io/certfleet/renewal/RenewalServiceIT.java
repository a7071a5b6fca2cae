package io.certfleet.renewal;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.events.CloudEvent;
import io.certfleet.events.EventData;
import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.events.RenewalFailed;
import io.certfleet.events.RenewalRequested;
import io.certfleet.messaging.testing.EventConsumerContract;
import java.sql.Connection;
import java.sql.PreparedStatement;
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

    @Test
    void aLateEventAboutACertificateAlreadyRenewedRenewsNothingAgain() {
        String clusterId = newClusterId();
        Instant started = Instant.now().minusSeconds(60);
        service.execute(
                "INSERT INTO renewal (id, cluster_id, node_name, location, kubeadm_name, sha256, severity, not_after,"
                        + " state, strategy, reason, approval_required, requested_by, source_event_id, requested_at,"
                        + " updated_at, nodes, started_at, finished_at)"
                        + " VALUES (gen_random_uuid(), ?, 'cp-1', '/etc/kubernetes/pki/apiserver.crt', 'apiserver', ?,"
                        + " 'WARNING', ?, 'COMPLETED', 'KUBEADM_IN_PLACE', 'test', false, 'policy', 'e-1', ?, ?,"
                        + " '[\"cp-1\"]'::jsonb, ?, ?)",
                clusterId,
                SHA,
                java.sql.Timestamp.from(started.plus(Duration.ofDays(20))),
                java.sql.Timestamp.from(started.minusSeconds(5)),
                java.sql.Timestamp.from(started.plusSeconds(30)),
                java.sql.Timestamp.from(started),
                java.sql.Timestamp.from(started.plusSeconds(30)));

        // seen 2 minutes before the renewal started, delivered after it completed (a backlog): nothing to do
        var late = kafka.send(expiry(
                clusterId, "/etc/kubernetes/pki/etcd/server.crt", ExpirySeverity.CRITICAL, started.minusSeconds(120)));
        eventually().until(() -> kafka.consumed(consumerGroup(), late));
        assertThat(effectCount(clusterId)).isEqualTo(1);
        assertThat(service.count("SELECT count(*) FROM outbox WHERE kafka_key = ?", clusterId))
                .isZero();

        // seen after it started: a certificate the renewal did not leave renewed, so a renewal is requested
        kafka.send(expiry(
                clusterId, "/etc/kubernetes/pki/etcd/server.crt", ExpirySeverity.CRITICAL, started.plusSeconds(50)));
        eventually().until(() -> kafka.events(RenewalRequested.class, clusterId).size() == 1);
        assertThat(effectCount(clusterId)).isEqualTo(2);
    }

    @Test
    void anotherCertificateJoiningWhileSomeoneElseMovesTheRenewalOnLosesNoneOfTheirChange() throws Exception {
        String clusterId = newClusterId();
        kafka.send(expiry(clusterId, "/etc/kubernetes/pki/apiserver.crt", ExpirySeverity.WARNING));
        eventually().until(() -> effectCount(clusterId) == 1);
        String renewal = (String) service.rows("SELECT id::text AS id FROM renewal WHERE cluster_id = ?", clusterId)
                .get(0)
                .get("id");

        try (Connection other = service.connect()) {
            // someone else (the worker, an approval) holds the row and changes its state, not committed yet
            other.setSchema("renewal");
            other.setAutoCommit(false);
            try (PreparedStatement lock =
                            other.prepareStatement("SELECT 1 FROM renewal WHERE id = ?::uuid FOR UPDATE");
                    PreparedStatement approve = other.prepareStatement(
                            "UPDATE renewal SET state = 'SCHEDULED', approved_by = 'alice' WHERE id = ?::uuid")) {
                lock.setString(1, renewal);
                lock.executeQuery().close();
                approve.setString(1, renewal);
                approve.executeUpdate();
            }

            // a certificate closer to expiry joins the renewal meanwhile, and must wait for that change
            Instant seen = Instant.now().minus(Duration.ofDays(4));
            var closer =
                    kafka.send(expiry(clusterId, "/etc/kubernetes/pki/etcd/server.crt", ExpirySeverity.CRITICAL, seen));
            eventually()
                    .until(() -> service.count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                                    + " AND query LIKE '%renewal%'")
                            > 0);
            other.commit();

            eventually().until(() -> kafka.consumed(consumerGroup(), closer));
        }
        // Once both have committed, the worker may claim the now SCHEDULED renewal and refuse it at START (this cluster
        // is in no inventory): FAILED there is the worker's own next move, not the lost update. The lost update wrote
        // the row back as it was before the other change: AWAITING_APPROVAL, approved by nobody.
        assertThat(service.rows(
                        "SELECT state, coalesce(failed_step, '') AS failed_step, approved_by,"
                                + " not_after < now() + interval '2 days' AS closer FROM renewal WHERE id = ?::uuid",
                        renewal))
                .as("the joining certificate brings the expiry forward on top of the other change, not over it")
                .singleElement()
                .satisfies(row -> {
                    assertThat(row.get("approved_by")).isEqualTo("alice");
                    assertThat(row.get("closer")).isEqualTo(true);
                    assertThat(List.of(row.get("state"), row.get("failed_step")))
                            .isIn(List.of("SCHEDULED", ""), List.of("FAILED", "START"));
                });
        assertThat(service.count("SELECT count(*) FROM renewal_certificate WHERE renewal_id = ?::uuid", renewal))
                .isEqualTo(2);
    }

    @Test
    void aRenewalWhoseProgressCannotBeWrittenFailsWithTheSqlStateInsteadOfLoopingForEver() {
        String clusterId = newClusterId();
        // a check that the worker's record of a START refusal of this cluster violates, every time
        service.execute("CREATE OR REPLACE FUNCTION test_refuse_start_record() RETURNS trigger LANGUAGE plpgsql AS $$"
                + " BEGIN IF NEW.cluster_id = TG_ARGV[0] AND NEW.failed_step = 'START' THEN"
                + " RAISE EXCEPTION 'test check on %', NEW.cluster_id USING ERRCODE = '23514'; END IF;"
                + " RETURN NEW; END $$");
        service.execute("CREATE TRIGGER test_refuse_start_record BEFORE UPDATE ON renewal FOR EACH ROW"
                + " EXECUTE FUNCTION test_refuse_start_record('" + clusterId + "')");
        try {
            Instant now = Instant.now();
            // due now, of a cluster the inventory does not know: the pre-flight refuses it
            service.execute(
                    "INSERT INTO renewal (id, cluster_id, node_name, location, kubeadm_name, sha256, severity,"
                            + " not_after, state, strategy, reason, approval_required, requested_by,"
                            + " source_event_id, requested_at, updated_at, nodes)"
                            + " VALUES (gen_random_uuid(), ?, 'cp-1', '/etc/kubernetes/pki/apiserver.crt', 'apiserver',"
                            + " ?, 'CRITICAL', ?, 'SCHEDULED', 'KUBEADM_IN_PLACE', 'test', false, 'policy', 'e-1', ?,"
                            + " ?, '[]'::jsonb)",
                    clusterId,
                    SHA,
                    java.sql.Timestamp.from(now.plus(Duration.ofDays(5))),
                    java.sql.Timestamp.from(now),
                    java.sql.Timestamp.from(now));

            eventually()
                    .until(() -> kafka.events(RenewalFailed.class, clusterId).size() == 1);
        } finally {
            service.execute("DROP TRIGGER test_refuse_start_record ON renewal");
        }
        RenewalFailed failed = (RenewalFailed)
                kafka.events(RenewalFailed.class, clusterId).get(0).data();
        assertThat(failed.step()).isEqualTo("WORKER");
        assertThat(failed.reason())
                .contains("failed 5 times in a row", "SQL state 23514")
                .as("the database's own text may hold row data: only the SQL state is told")
                .doesNotContain("test check on");
        assertThat(failed.retryable()).isFalse();
        assertThat(service.rows("SELECT state, failed_step FROM renewal WHERE cluster_id = ?", clusterId))
                .containsExactly(Map.of("state", "FAILED", "failed_step", "WORKER"));
    }

    private static CloudEvent expiry(String clusterId, String location, ExpirySeverity severity) {
        return expiry(clusterId, location, severity, Instant.now());
    }

    /** The event of a scan that saw the certificate at {@code seen} (it expires 5 days later). */
    private static CloudEvent expiry(String clusterId, String location, ExpirySeverity severity, Instant seen) {
        Instant notAfter = seen.plus(Duration.ofDays(5));
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
