package io.certfleet.nodeagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.certfleet.nodeagent.OperationResult.ComponentRestart;
import io.certfleet.nodeagent.OperationResult.FailedCertificate;
import io.certfleet.nodeagent.OperationResult.GeneratedCsr;
import io.certfleet.nodeagent.OperationResult.KubeletScan;
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
                        "10.0.0.10:6443", "kubernetes", "/etc/kubernetes/pki/ca.crt", "ab", "cd", "/healthz", 5),
                new NodeRequest.Install(
                        null,
                        "/var/tmp/csr",
                        List.of(
                                new NodeRequest.SignedCertificate("apiserver", CERTIFICATE),
                                new NodeRequest.SignedCertificate("admin.conf", CERTIFICATE + CERTIFICATE)),
                        null,
                        null),
                new NodeRequest.Install(
                        new NodeDirectories("/srv/k8s", "/srv/k8s/pki", null),
                        "/var/tmp/csr",
                        List.of(),
                        "/var/backups/z",
                        T),
                new NodeRequest.IssueClientCertificate(null, "admin.conf", REQUEST, null, null),
                new NodeRequest.IssueClientCertificate(NodeDirectories.defaults(), "super-admin.conf", REQUEST, 30, T));
    }

    static final String CERTIFICATE = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    static final String REQUEST = "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----\n";

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
                new NodeResponse.Completed(new OperationResult.ScanResult(
                        T,
                        List.of(),
                        List.of(),
                        List.of(new ReportError("/var/lib/kubelet/config.yaml", "not a readable KubeletConfiguration")),
                        new KubeletScan(
                                "/etc/kubernetes/kubelet.conf",
                                List.of(new ScannedCertificate(
                                        "kubelet.conf",
                                        "/etc/kubernetes/kubelet.conf",
                                        Presence.PRESENT,
                                        0,
                                        facts,
                                        3600L,
                                        "ca",
                                        false,
                                        List.of(),
                                        null)),
                                "/var/lib/kubelet/config.yaml",
                                false,
                                "false"))),
                new NodeResponse.Completed(new OperationResult.ScanResult(
                        T,
                        List.of(),
                        List.of(),
                        List.of(),
                        new KubeletScan(
                                "/etc/kubernetes/kubelet.conf",
                                List.of(),
                                "/var/lib/kubelet/config.yaml",
                                null,
                                null))),
                new NodeResponse.Completed(new RenewResult(
                        List.of(new RenewedCertificate(
                                "apiserver", "/etc/kubernetes/pki/apiserver.crt", T, T.plusSeconds(60), "ab")),
                        List.of(new SkippedCertificate("front-proxy-client", "externally managed")),
                        List.of(new FailedCertificate("etcd-server", "expired CA", false)),
                        List.of(new GeneratedCsr(
                                "admin.conf",
                                "/etc/kubernetes/admin.conf",
                                "/c/admin.conf.csr",
                                "/c/admin.conf",
                                REQUEST,
                                List.of("digital signature", "client auth"))),
                        "/etc/kubernetes/tmp/certfleet-backup-1",
                        T)),
                new NodeResponse.Completed(new OperationResult.BackupResult("/b", 12, T)),
                new NodeResponse.Completed(
                        new OperationResult.RestoreResult("/b", List.of("/etc/kubernetes/admin.conf"))),
                new NodeResponse.Completed(new OperationResult.RestartResult(
                        List.of(new ComponentRestart("etcd", RestartStatus.RESTARTED, List.of("a"), List.of("b"))))),
                new NodeResponse.Completed(new OperationResult.VerifyResult(
                        "10.0.0.10:6443", "ab", "CN=kube-apiserver", T, true, 200, "ok", true, List.of())),
                new NodeResponse.Completed(new OperationResult.InstallResult(
                        List.of(new RenewedCertificate(
                                "apiserver", "/etc/kubernetes/pki/apiserver.crt", T, T.plusSeconds(60), "ab")),
                        List.of(new FailedCertificate("admin.conf", "no CSR staged", false)),
                        "/etc/kubernetes/tmp/certfleet-backup-1",
                        T)),
                new NodeResponse.Completed(new OperationResult.InstallResult(List.of(), List.of(), null, T)),
                new NodeResponse.Completed(
                        new OperationResult.ClientCertificateIssued("admin.conf", CERTIFICATE, "ab", T)),
                new NodeResponse.Failed(
                        Operation.ISSUE_CLIENT_CERTIFICATE, NodeError.of(FailureReason.POLICY, "externally managed")),
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
        RenewResult result = (RenewResult) ((NodeResponse.Completed) responses()
                        .filter(r -> r instanceof NodeResponse.Completed c && c.result() instanceof RenewResult)
                        .findFirst()
                        .orElseThrow())
                .result();

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
    void the_scan_result_has_its_kubelet_part_and_an_older_agent_s_scan_still_reads() {
        OperationResult.ScanResult scan = (OperationResult.ScanResult) ((NodeResponse.Completed) responses()
                        .filter(r -> r instanceof NodeResponse.Completed c
                                && c.result() instanceof OperationResult.ScanResult s
                                && s.kubelet() != null)
                        .findFirst()
                        .orElseThrow())
                .result();

        JsonNode json = NodeJson.readTree(NodeJson.write(scan));

        assertThat(json.properties())
                .extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("operation", "now", "certificates", "authorities", "errors", "kubelet");
        assertThat(json.path("kubelet").properties())
                .extracting(java.util.Map.Entry::getKey)
                .containsExactly(
                        "kubeconfig",
                        "kubeconfigCertificates",
                        "config",
                        "rotateCertificates",
                        "rotateCertificatesValue");
        assertThat(json.at("/kubelet/kubeconfigCertificates/0/name").asText()).isEqualTo("kubelet.conf");
        assertThat(json.at("/kubelet/kubeconfigCertificates/0/presence").asText())
                .isEqualTo("PRESENT");
        assertThat(json.at("/kubelet/rotateCertificates").isBoolean()).isTrue();
        assertThat(json.at("/kubelet/config").asText()).isEqualTo("/var/lib/kubelet/config.yaml");
        JsonNode unknown = NodeJson.readTree(NodeJson.write(new KubeletScan(
                "/etc/kubernetes/kubelet.conf", List.of(), "/var/lib/kubelet/config.yaml", null, null)));
        assertThat(unknown.has("rotateCertificates"))
                .as("absent when not known")
                .isFalse();

        // the answer of an agent from before the kubelet part
        NodeResponse old = NodeJson.readResponse("{\"status\":\"OK\",\"result\":{\"operation\":\"SCAN\","
                + "\"now\":\"2027-03-04T05:06:07Z\",\"certificates\":[{\"name\":\"apiserver\","
                + "\"path\":\"/etc/kubernetes/pki/apiserver.crt\",\"presence\":\"MISSING\"}],"
                + "\"authorities\":[],\"errors\":[]}}");
        assertThat(old)
                .isInstanceOfSatisfying(
                        NodeResponse.Completed.class,
                        completed -> assertThat(completed.result())
                                .isInstanceOfSatisfying(OperationResult.ScanResult.class, s -> {
                                    assertThat(s.kubelet()).isNull();
                                    assertThat(s.certificates())
                                            .singleElement()
                                            .satisfies(c ->
                                                    assertThat(c.presence()).isEqualTo(Presence.MISSING));
                                }));
        KubeletScan withoutRows = NodeJson.mapper()
                .convertValue(java.util.Map.of("config", "/var/lib/kubelet/config.yaml"), KubeletScan.class);
        assertThat(withoutRows.kubeconfigCertificates()).isEmpty();
        assertThat(withoutRows.rotateCertificates()).isNull();
    }

    @Test
    void the_csr_result_carries_the_request_and_the_usages() {
        RenewResult result = (RenewResult) ((NodeResponse.Completed) responses()
                        .filter(r -> r instanceof NodeResponse.Completed c && c.result() instanceof RenewResult)
                        .findFirst()
                        .orElseThrow())
                .result();

        JsonNode json = NodeJson.readTree(NodeJson.write(result));

        assertThat(json.at("/csrs/0").properties())
                .extracting(java.util.Map.Entry::getKey)
                .containsExactly("name", "path", "csr", "key", "request", "usages");
        assertThat(json.at("/csrs/0/csr").asText()).isEqualTo("/c/admin.conf.csr");
        assertThat(json.at("/csrs/0/request").asText()).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        assertThat(json.at("/csrs/0/usages/1").asText()).isEqualTo("client auth");
        // a response of an older agent, without the new fields, still reads
        GeneratedCsr old = NodeJson.mapper()
                .convertValue(java.util.Map.of("name", "apiserver", "csr", "/c/apiserver.csr"), GeneratedCsr.class);
        assertThat(old.usages()).isEmpty();
        assertThat(old.request()).isNull();
    }

    @Test
    void install_and_issue_have_their_json_shape() {
        JsonNode install = NodeJson.readTree(NodeJson.write(requests()
                .filter(NodeRequest.Install.class::isInstance)
                .findFirst()
                .orElseThrow()));
        assertThat(install.path("operation").asText()).isEqualTo("INSTALL");
        assertThat(install.path("csrDir").asText()).isEqualTo("/var/tmp/csr");
        assertThat(install.at("/certificates/0/name").asText()).isEqualTo("apiserver");
        assertThat(install.at("/certificates/0/certificate").asText()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(install.at("/directories/certDir").asText()).isEqualTo("/etc/kubernetes/pki");

        NodeRequest.IssueClientCertificate issue = (NodeRequest.IssueClientCertificate) NodeJson.readRequest(
                "{\"operation\":\"ISSUE_CLIENT_CERTIFICATE\",\"kubeconfig\":\"admin.conf\",\"request\":\"x\"}");
        assertThat(issue.validityDays()).isEqualTo(365);
        assertThat(issue.directories()).isEqualTo(NodeDirectories.defaults());

        JsonNode issued = NodeJson.readTree(
                NodeJson.write(new OperationResult.ClientCertificateIssued("admin.conf", CERTIFICATE, "ab", T)));
        assertThat(issued.properties())
                .extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("operation", "name", "certificate", "sha256", "notAfter");
        assertThat(issued.path("operation").asText()).isEqualTo("ISSUE_CLIENT_CERTIFICATE");
        assertThat(issued.path("notAfter").asText()).isEqualTo("2027-03-04T05:06:07Z");
        JsonNode installed =
                NodeJson.readTree(NodeJson.write(new OperationResult.InstallResult(List.of(), List.of(), null, T)));
        assertThat(installed.properties())
                .extracting(java.util.Map.Entry::getKey)
                .containsExactlyInAnyOrder("operation", "renewed", "failed", "backup", "now");
        assertThat(installed.path("operation").asText()).isEqualTo("INSTALL");

        assertThatThrownBy(() -> NodeJson.readRequest("{\"operation\":\"INSTALL\",\"certificates\":[]}"))
                .isInstanceOfSatisfying(
                        NodeAgentException.class,
                        e -> assertThat(e.getMessage()).contains("csrDir is required"));
        assertThatThrownBy(() -> NodeJson.readRequest("{\"operation\":\"INSTALL\",\"csrDir\":\"/c\","
                        + "\"certificates\":[{\"name\":\"apiserver\"}]}"))
                .isInstanceOfSatisfying(
                        NodeAgentException.class,
                        e -> assertThat(e.getMessage()).contains("certificate is required"));
        assertThatThrownBy(() -> NodeJson.readRequest(
                        "{\"operation\":\"ISSUE_CLIENT_CERTIFICATE\",\"kubeconfig\":\"admin.conf\"}"))
                .isInstanceOfSatisfying(
                        NodeAgentException.class,
                        e -> assertThat(e.getMessage()).contains("request is required"));
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
