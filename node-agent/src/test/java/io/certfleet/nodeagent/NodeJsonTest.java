package io.certfleet.nodeagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.certfleet.nodeagent.OperationResult.ComponentRestart;
import io.certfleet.nodeagent.OperationResult.FailedCertificate;
import io.certfleet.nodeagent.OperationResult.GeneratedCsr;
import io.certfleet.nodeagent.OperationResult.Presence;
import io.certfleet.nodeagent.OperationResult.RenewResult;
import io.certfleet.nodeagent.OperationResult.RenewedCertificate;
import io.certfleet.nodeagent.OperationResult.RestartStatus;
import io.certfleet.nodeagent.OperationResult.ScannedCertificate;
import io.certfleet.nodeagent.OperationResult.SkippedCertificate;
import io.certfleet.pki.checkexpiration.ReportError;
import io.certfleet.pki.inspect.CertificateFacts;
import io.certfleet.pki.inspect.Finding;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class NodeJsonTest {

    static final Instant T = Instant.parse("2027-03-04T05:06:07Z");

    static Stream<NodeRequest> requests() {
        return Stream.of(
                NodeRequest.Scan.defaults(),
                new NodeRequest.Scan(new NodeDirectories("/srv/k8s", "/srv/k8s/pki", null), T),
                NodeRequest.Renew.all(),
                new NodeRequest.Renew(null, List.of("apiserver", "admin.conf"), 90, "/var/backups/x", "/tmp/csr", T),
                new NodeRequest.Backup(null, "/var/backups/y"),
                new NodeRequest.Restore(NodeDirectories.defaults(), "certfleet-backup-2027-03-04-05-06-07"),
                NodeRequest.RestartControlPlane.all(),
                new NodeRequest.RestartControlPlane(List.of("etcd"), false, 30),
                new NodeRequest.Verify(
                        "10.0.0.10:6443", "kubernetes", "/etc/kubernetes/pki/ca.crt", "ab", "cd", "/healthz", 5));
    }

    @ParameterizedTest
    @MethodSource("requests")
    void every_request_survives_a_json_round_trip(NodeRequest request) {
        String json = NodeJson.write(request);

        assertThat(NodeJson.readTree(json).path("operation").asText())
                .isEqualTo(request.operation().name());
        assertThat(NodeJson.readRequest(json)).isEqualTo(request);
    }

    static Stream<NodeResponse> responses() {
        CertificateFacts facts = new CertificateFacts(
                3,
                "CN=kube-apiserver",
                "CN=kubernetes",
                "0a",
                "ff".repeat(32),
                T,
                T.plusSeconds(3600),
                List.of("DNS:kubernetes", "IP:10.96.0.1"),
                List.of("digitalSignature"),
                List.of("serverAuth"),
                "EC",
                256,
                Optional.of("P-256"),
                "SHA256withECDSA",
                false,
                false);
        return Stream.of(
                new NodeResponse.Completed(new OperationResult.ScanResult(
                        T,
                        List.of(
                                new ScannedCertificate(
                                        "apiserver",
                                        "/etc/kubernetes/pki/apiserver.crt",
                                        Presence.PRESENT,
                                        0,
                                        facts,
                                        3600L,
                                        "ca",
                                        false,
                                        List.of(Finding.warning("X", "y")),
                                        null),
                                new ScannedCertificate(
                                        "super-admin.conf",
                                        "/etc/kubernetes/super-admin.conf",
                                        Presence.MISSING,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null,
                                        null)),
                        List.of(),
                        List.of(new ReportError("/etc/kubernetes/pki/x.crt", "not PEM")))),
                new NodeResponse.Completed(new RenewResult(
                        List.of(new RenewedCertificate(
                                "apiserver", "/etc/kubernetes/pki/apiserver.crt", T, T.plusSeconds(60), "ab")),
                        List.of(new SkippedCertificate("front-proxy-client", "externally managed")),
                        List.of(new FailedCertificate("etcd-server", "expired CA", false)),
                        List.of(new GeneratedCsr(
                                "admin.conf", "/etc/kubernetes/admin.conf", "/c/admin.conf.csr", "/c/admin.conf")),
                        "/etc/kubernetes/tmp/certfleet-backup-1",
                        T)),
                new NodeResponse.Completed(new OperationResult.BackupResult("/b", 12, T)),
                new NodeResponse.Completed(
                        new OperationResult.RestoreResult("/b", List.of("/etc/kubernetes/admin.conf"))),
                new NodeResponse.Completed(new OperationResult.RestartResult(
                        List.of(new ComponentRestart("etcd", RestartStatus.RESTARTED, List.of("a"), List.of("b"))))),
                new NodeResponse.Completed(new OperationResult.VerifyResult(
                        "10.0.0.10:6443", "ab", "CN=kube-apiserver", T, true, 200, "ok", true, List.of())),
                new NodeResponse.Failed(Operation.RENEW, NodeError.of(FailureReason.POLICY, "no")),
                new NodeResponse.Failed(null, NodeError.of(FailureReason.INVALID_INPUT, "unreadable request")));
    }

    @ParameterizedTest
    @MethodSource("responses")
    void every_response_survives_a_json_round_trip(NodeResponse response) {
        assertThat(NodeJson.readResponse(NodeJson.write(response))).isEqualTo(response);
    }

    @Test
    void the_renew_result_has_the_cli_contract_fields() {
        RenewResult result =
                (RenewResult) ((NodeResponse.Completed) responses().toList().get(1)).result();

        JsonNode json = NodeJson.readTree(NodeJson.write(result));

        assertThat(json.at("/renewed/0").properties())
                .extracting(java.util.Map.Entry::getKey)
                .contains("name", "path", "oldNotAfter", "newNotAfter");
        assertThat(json.at("/renewed/0/oldNotAfter").asText()).isEqualTo("2027-03-04T05:06:07Z");
        assertThat(json.at("/skipped/0/reason").asText()).isEqualTo("externally managed");
        assertThat(json.at("/backup").asText()).isEqualTo("/etc/kubernetes/tmp/certfleet-backup-1");
        assertThat(json.at("/failed/0/retryable").asBoolean()).isFalse();
        RenewResult nothingWritten = new RenewResult(List.of(), List.of(), List.of(), List.of(), null, T);
        assertThat(NodeJson.readTree(NodeJson.write(nothingWritten)).has("backup"))
                .isTrue();
    }

    @Test
    void a_failed_response_names_reason_and_retryability() {
        JsonNode json = NodeJson.readTree(NodeJson.write(
                new NodeResponse.Failed(Operation.VERIFY, NodeError.of(FailureReason.UNREACHABLE, "cannot reach"))));

        assertThat(json.path("status").asText()).isEqualTo("ERROR");
        assertThat(json.path("operation").asText()).isEqualTo("VERIFY");
        assertThat(json.at("/error/reason").asText()).isEqualTo("UNREACHABLE");
        assertThat(json.at("/error/retryable").asBoolean()).isTrue();
    }

    @Test
    void defaults_apply_to_omitted_fields_and_unknown_fields_are_ignored() {
        NodeRequest request = NodeJson.readRequest("{\"operation\":\"RENEW\",\"fromTheFuture\":1}");

        assertThat(request).isEqualTo(NodeRequest.Renew.all());
        NodeRequest.Renew renew = (NodeRequest.Renew) request;
        assertThat(renew.directories().certDir()).isEqualTo("/etc/kubernetes/pki");
        assertThat(renew.certificates()).containsExactly("all");
        assertThat(renew.validityDays()).isEqualTo(365);
    }

    @Test
    void malformed_requests_are_invalid_input_that_does_not_echo_the_input() {
        assertThatThrownBy(() -> NodeJson.readRequest("{\"operation\":\"DELETE_EVERYTHING\"}"))
                .isInstanceOfSatisfying(NodeAgentException.class, e -> {
                    assertThat(e.reason()).isEqualTo(FailureReason.INVALID_INPUT);
                    assertThat(e.getMessage())
                            .contains("unknown or missing operation 'DELETE_EVERYTHING'")
                            .contains("RESTART_CONTROL_PLANE");
                });
        assertThatThrownBy(() -> NodeJson.readRequest("{\"operation\":\"VERIFY\"}"))
                .isInstanceOfSatisfying(
                        NodeAgentException.class,
                        e -> assertThat(e.getMessage()).contains("endpoint is required"));
        assertThatThrownBy(() -> NodeJson.readRequest(
                        "{\"operation\":\"SCAN\", \"secret-looking\": MIIEvQIBADANBgkqhkiG9w0BAQEFAASC}"))
                .isInstanceOfSatisfying(NodeAgentException.class, e -> {
                    assertThat(e.getMessage()).contains("invalid request at line 1");
                    assertThat(e.getMessage()).doesNotContain("MIIEvQ");
                });
    }
}
