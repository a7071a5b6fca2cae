package io.certfleet.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.events.ApprovalGranted;
import io.certfleet.events.ApprovalSubjectKind;
import io.certfleet.events.CertificateRef;
import io.certfleet.events.CloudEvent;
import io.certfleet.events.EventData;
import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.events.RenewalFailed;
import io.certfleet.events.RenewalRequested;
import io.certfleet.events.RenewalStrategy;
import io.certfleet.messaging.ClusterScope;
import io.certfleet.messaging.testing.EventConsumerContract;
import io.certfleet.notifier.application.GrantApproval;
import io.certfleet.notifier.domain.Approval;
import io.certfleet.notifier.domain.GrantDecision;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * notifier-service against the real broker and database: ExpiryDetected in → one notification per problem;
 * RenewalRequested needing approval in → pending approval; approved over HTTP → ApprovalGranted out.
 */
class NotifierServiceIT extends EventConsumerContract {
    private static final String SHA = "51cc8efe6bac2673c04973ca0b0b60b5c13030c3de806c9ea5e7ca4448760f1e";

    @Override
    protected String schema() {
        return "notifier";
    }

    @Override
    protected String consumerGroup() {
        return "notifier.fleet";
    }

    @Override
    protected String consumerName() {
        return "notifier.fleet";
    }

    @Override
    protected Map<String, Object> properties() {
        return Map.of("certfleet.notifier.http-approvals", true);
    }

    @Override
    protected CloudEvent sampleInput(String clusterId) {
        return expiry(clusterId, ExpirySeverity.CRITICAL);
    }

    @Override
    protected long effectCount(String clusterId) {
        return service.count("SELECT count(*) FROM notification WHERE cluster_id = ?", clusterId);
    }

    @Override
    protected void assertOneEffect(String clusterId) {
        // A second run of the handler would count a repeat: the event itself must be processed once.
        assertThat(service.rows("SELECT occurrences FROM notification WHERE cluster_id = ?", clusterId))
                .containsExactly(Map.of("occurrences", 1));
    }

    @Override
    protected Optional<Class<? extends EventData>> answerType() {
        return Optional.empty(); // notifications are not events; ApprovalGranted answers a person, below
    }

    @Test
    void expiryReportedTwiceIsOneNotificationAndAWorseSeverityIsAnother() {
        String clusterId = newClusterId();
        kafka.send(expiry(clusterId, ExpirySeverity.WARNING));
        var again = kafka.send(expiry(clusterId, ExpirySeverity.WARNING));

        eventually().until(() -> kafka.consumed(consumerGroup(), again));
        assertThat(service.rows("SELECT severity, occurrences FROM notification WHERE cluster_id = ?", clusterId))
                .containsExactly(Map.of("severity", "WARNING", "occurrences", 2));

        var worse = kafka.send(expiry(clusterId, ExpirySeverity.CRITICAL));
        eventually().until(() -> kafka.consumed(consumerGroup(), worse));
        assertThat(effectCount(clusterId)).isEqualTo(2);
    }

    @Test
    void theOpenApiDocumentDescribesTheApprovalsApiAndWhichCallNeedsAToken() {
        HttpResponse<String> document = service.get("/swagger/certfleet-notifier-1.yml");

        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body())
                .contains("/approvals:", "/approvals/{id}/grant:", "ApprovalView:", "GrantRequest:")
                .contains("securitySchemes:", "certfleetApiToken:", "scheme: bearer");
        assertThat(document.body().split("certfleetApiToken: \\[]", -1))
                .as("only the grant requires a token")
                .hasSize(2);
    }

    @Test
    void renewalNeedingApprovalIsApprovedOverHttpAndAnnounced() {
        String clusterId = newClusterId();
        String renewalId = UUID.randomUUID().toString();

        String approvalId = pendingApproval(clusterId, renewalId);
        assertThat(service.get("/approvals").body()).contains(approvalId, renewalId);

        HttpResponse<String> granted = service.postJson(
                "/approvals/" + approvalId + "/grant",
                "{\"approvedBy\":\"alice\",\"channel\":\"http\",\"comment\":\"tonight's window\"}");

        assertThat(granted.statusCode()).isEqualTo(200);
        assertThat(granted.body()).contains("\"state\":\"GRANTED\"", "\"approvedBy\":\"alice\"");
        eventually().until(() -> kafka.events(ApprovalGranted.class, clusterId).size() == 1);
        assertThat(kafka.events(ApprovalGranted.class, clusterId).get(0).data())
                .isEqualTo(new ApprovalGranted(
                        approvalId,
                        clusterId,
                        ApprovalSubjectKind.RENEWAL,
                        renewalId,
                        "alice",
                        "http",
                        "tonight's window"));
        assertThat(service.rows("SELECT state, approved_by FROM approval WHERE id = ?::uuid", approvalId))
                .containsExactly(Map.of("state", "GRANTED", "approved_by", "alice"));

        HttpResponse<String> twice = service.postJson(
                "/approvals/" + approvalId + "/grant", "{\"approvedBy\":\"bob\",\"channel\":\"http\"}");
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).contains("already granted by alice");
        assertThat(service.count("SELECT count(*) FROM outbox WHERE kafka_key = ?", clusterId))
                .isEqualTo(1);
    }

    @Test
    void anApproverWhoMayNotActOnTheClusterGrantsNothing() {
        String clusterId = newClusterId();
        String renewalId = UUID.randomUUID().toString();
        UUID approvalId = UUID.fromString(pendingApproval(clusterId, renewalId));

        // what the API does for a caller whose certfleet.api.clusters leave this cluster out (403 with the reason)
        Optional<GrantDecision> decision = service.bean(GrantApproval.class)
                .grant(approvalId, "edgebot", "http", null, cluster -> Optional.of("not on cluster '" + cluster + "'"));

        assertThat(decision)
                .hasValueSatisfying(d -> assertThat(d)
                        .isInstanceOfSatisfying(
                                GrantDecision.NotAllowed.class,
                                notAllowed -> assertThat(notAllowed.reason())
                                        .isEqualTo("not on cluster '" + clusterId + "'")));
        assertThat(service.rows("SELECT state, approved_by FROM approval WHERE id = ?::uuid", approvalId.toString()))
                .singleElement()
                .satisfies(row -> assertThat(row.get("state")).isEqualTo("PENDING"));
        assertThat(service.count("SELECT count(*) FROM outbox WHERE kafka_key = ?", clusterId))
                .isZero();

        // what GET /approvals shows such a caller: the pending approvals of its clusters only
        GrantApproval approvals = service.bean(GrantApproval.class);
        assertThat(approvals.pending(ClusterScope.of(List.of("edge-*"))))
                .extracting(Approval::clusterId)
                .allMatch(id -> id.startsWith("edge-"))
                .doesNotContain(clusterId);
        assertThat(approvals.pending(ClusterScope.of(List.of(clusterId))))
                .extracting(Approval::clusterId)
                .containsExactly(clusterId);
        assertThat(approvals.pending(ClusterScope.all()))
                .extracting(Approval::clusterId)
                .contains(clusterId);
    }

    @Test
    void anApprovalWhoseRenewalWasCancelledIsWithdrawn() {
        String clusterId = newClusterId();
        String renewalId = UUID.randomUUID().toString();
        String approvalId = pendingApproval(clusterId, renewalId);

        var cancelled = kafka.send(CloudEvent.of(
                new RenewalFailed(renewalId, clusterId, "CANCEL", null, "cancelled by bob: change freeze", false, null),
                "/certfleet/renewal",
                Clock.systemUTC()));

        eventually().until(() -> kafka.consumed(consumerGroup(), cancelled));
        assertThat(service.rows("SELECT state FROM approval WHERE id = ?::uuid", approvalId))
                .containsExactly(Map.of("state", "WITHDRAWN"));
        assertThat(service.get("/approvals").body()).doesNotContain(approvalId);
        HttpResponse<String> late = service.postJson(
                "/approvals/" + approvalId + "/grant", "{\"approvedBy\":\"alice\",\"channel\":\"http\"}");
        assertThat(late.statusCode()).isEqualTo(409);
        assertThat(late.body()).contains("was withdrawn");
        assertThat(kafka.events(ApprovalGranted.class, clusterId)).isEmpty();
        assertThat(service.rows(
                        "SELECT kind, severity FROM notification WHERE cluster_id = ? ORDER BY kind", clusterId))
                .containsExactly(
                        Map.of("kind", "RENEWAL_FAILED", "severity", "INFO"),
                        Map.of("kind", "RENEWAL_REQUESTED", "severity", "APPROVAL_REQUIRED"));
    }

    @Test
    void renewalWithoutApprovalOnlyNotifies() {
        String clusterId = newClusterId();
        var sent = kafka.send(renewalRequested(clusterId, UUID.randomUUID().toString(), false));

        eventually().until(() -> kafka.consumed(consumerGroup(), sent));
        assertThat(service.rows("SELECT kind, severity FROM notification WHERE cluster_id = ?", clusterId))
                .containsExactly(Map.of("kind", "RENEWAL_REQUESTED", "severity", "INFO"));
        assertThat(service.count("SELECT count(*) FROM approval WHERE cluster_id = ?", clusterId))
                .isZero();
    }

    @Test
    void aFailedRenewalIsCriticalOnceHoweverOftenItIsDelivered() {
        String clusterId = newClusterId();
        String renewalId = UUID.randomUUID().toString();
        CloudEvent failed = CloudEvent.of(
                new RenewalFailed(
                        renewalId,
                        clusterId,
                        "RESTART_STATIC_PODS",
                        "cp-1",
                        "static pods on cp-1 did not all come back: [etcd NOT_REPLACED]",
                        true,
                        "/etc/kubernetes/tmp/certfleet-backup-1"),
                "/certfleet/renewal",
                Clock.systemUTC());
        kafka.send(failed);
        var again = kafka.send(failed);

        eventually().until(() -> kafka.consumed(consumerGroup(), again));
        assertThat(service.rows("SELECT kind, severity, title FROM notification WHERE cluster_id = ?", clusterId))
                .containsExactly(Map.of(
                        "kind",
                        "RENEWAL_FAILED",
                        "severity",
                        "CRITICAL",
                        "title",
                        "Renewal " + renewalId + " in " + clusterId + " failed at RESTART_STATIC_PODS on cp-1"));
    }

    @Test
    void unknownApprovalAndBlankApproverAreRefused() {
        assertThat(service.postJson(
                                "/approvals/" + UUID.randomUUID() + "/grant",
                                "{\"approvedBy\":\"alice\",\"channel\":\"http\"}")
                        .statusCode())
                .isEqualTo(404);
        assertThat(service.postJson(
                                "/approvals/" + UUID.randomUUID() + "/grant",
                                "{\"approvedBy\":\" \",\"channel\":\"http\"}")
                        .statusCode())
                .isEqualTo(400);
    }

    private static CloudEvent expiry(String clusterId, ExpirySeverity severity) {
        return CloudEvent.of(
                new ExpiryDetected(
                        clusterId,
                        "cp-1",
                        "/etc/kubernetes/pki/apiserver.crt",
                        "apiserver",
                        SHA,
                        Instant.now().plus(Duration.ofDays(5)),
                        severity,
                        null,
                        Duration.ofDays(5).toSeconds(),
                        Map.of()),
                "/certfleet/scanner",
                Clock.systemUTC());
    }

    private static CloudEvent renewalRequested(String clusterId, String renewalId, boolean approvalRequired) {
        return CloudEvent.of(
                new RenewalRequested(
                        renewalId,
                        clusterId,
                        List.of(new CertificateRef("cp-1", "/etc/kubernetes/pki/apiserver.crt", "apiserver", SHA)),
                        RenewalStrategy.KUBEADM_IN_PLACE,
                        "apiserver on cp-1 is CRITICAL",
                        "policy",
                        null,
                        null,
                        approvalRequired),
                "/certfleet/renewal",
                Clock.systemUTC());
    }

    /** Announces a renewal that needs approval and returns the id of the approval it opens. */
    private String pendingApproval(String clusterId, String renewalId) {
        kafka.send(renewalRequested(clusterId, renewalId, true));
        eventually()
                .until(() -> service.count(
                                "SELECT count(*) FROM approval WHERE subject_id = ? AND state = 'PENDING'", renewalId)
                        == 1);
        return (String) service.rows("SELECT id::text AS id FROM approval WHERE subject_id = ?", renewalId)
                .get(0)
                .get("id");
    }
}
