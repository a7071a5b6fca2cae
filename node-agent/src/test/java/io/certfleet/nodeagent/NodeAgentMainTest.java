package io.certfleet.nodeagent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeAgentMainTest {

    @TempDir
    Path root;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        return NodeAgentMain.run(
                args,
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private JsonNode response() {
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.lines()).as("exactly one JSON line on stdout").hasSize(1);
        return NodeJson.readTree(text);
    }

    @Test
    void reads_a_request_from_stdin_and_writes_one_response() {
        NodeTree.create(root);

        int exit = run("{\"operation\":\"RENEW\",\"certificates\":[\"apiserver\"]}", "--root", root.toString());

        assertThat(exit).isZero();
        JsonNode response = response();
        assertThat(response.path("status").asText()).isEqualTo("OK");
        assertThat(response.at("/result/operation").asText()).isEqualTo("RENEW");
        assertThat(response.at("/result/renewed/0/path").asText()).isEqualTo("/etc/kubernetes/pki/apiserver.crt");
        assertThat(response.at("/result/backup").asText()).startsWith("/etc/kubernetes/tmp/certfleet-backup-");
    }

    @Test
    void reads_a_request_from_a_file() throws Exception {
        NodeTree.create(root);
        Path request = root.resolve("request.json");
        Files.writeString(request, "{\"operation\":\"SCAN\"}");

        int exit = run("", "--request", request.toString(), "--root", root.toString());

        assertThat(exit).isZero();
        assertThat(response().at("/result/certificates/0/name").asText()).isEqualTo("admin.conf");
    }

    @Test
    void an_invalid_request_exits_2_with_an_error_response() {
        int exit = run("{not json", "--root", root.toString());

        assertThat(exit).isEqualTo(2);
        JsonNode response = response();
        assertThat(response.path("status").asText()).isEqualTo("ERROR");
        assertThat(response.at("/error/reason").asText()).isEqualTo("INVALID_INPUT");
        assertThat(response.at("/error/retryable").asBoolean()).isFalse();
    }

    @Test
    void a_failing_operation_exits_1() {
        int exit = run(
                "{\"operation\":\"RESTART_CONTROL_PLANE\",\"components\":[\"etcd\"]}",
                "--root",
                root.toString(),
                "--crictl",
                root.resolve("no-crictl").toString());

        assertThat(exit).isEqualTo(1);
        assertThat(response().at("/error/reason").asText()).isEqualTo("UNREACHABLE");
    }

    @Test
    void unknown_arguments_exit_2_with_usage_on_stderr() {
        int exit = run("", "--frobnicate");

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("unknown argument --frobnicate")
                .contains("usage: node-agent");
        assertThat(response().path("status").asText()).isEqualTo("ERROR");
    }
}
