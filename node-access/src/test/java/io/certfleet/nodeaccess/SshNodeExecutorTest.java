package io.certfleet.nodeaccess;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import io.certfleet.nodeagent.FailureReason;
import io.certfleet.nodeagent.NodeAgentMain;
import io.certfleet.nodeagent.NodeError;
import io.certfleet.nodeagent.NodeRequest;
import io.certfleet.nodeagent.NodeResponse;
import io.certfleet.nodeagent.NodeTarget;
import io.certfleet.nodeagent.OperationResult.Presence;
import io.certfleet.nodeagent.OperationResult.ScanResult;
import io.certfleet.nodeagent.OperationResult.ScannedCertificate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The SSH adapter against an in-process MINA SSH server on 127.0.0.1 whose command runs the REAL node agent on a
 * temporary node tree: a scan over real SSH returns the node's certificates; unknown, changed or unpinned host keys
 * and wrong keys are refused; a server that is down is unreachable; and no byte of the private key appears in any
 * answer or log line (everything down to DEBUG, MINA's included, is captured).
 */
class SshNodeExecutorTest {
    private static final String USER = "capv";
    private static final String AGENT = SshSettings.DEFAULT_COMMAND;
    private static final NodeTarget TARGET = new NodeTarget("prod-1", "cp-1");
    private static final String KEY_SOURCE = "Secret tkg-ns/prod-1-ssh";

    @TempDir
    static Path nodeRoot;

    @TempDir
    Path work;

    private static TestNode node;
    private static KeyPair hostKey;
    private static KeyPair clusterKey;
    private static KeyPair strangerKey;
    private static String clusterKeyText;
    private static SshServer server;
    private static final AtomicInteger commandsRun = new AtomicInteger();

    private final List<NodeResponse> responses = new ArrayList<>();
    private final List<SshNodeExecutor> executors = new ArrayList<>();
    private ListAppender<ILoggingEvent> logs;

    @BeforeAll
    static void sshServer() throws Exception {
        node = TestNode.create(nodeRoot);
        hostKey = ecKey();
        clusterKey = ecKey();
        strangerKey = ecKey();
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(clusterKey, "prod-1", null, text);
        clusterKeyText = text.toString(StandardCharsets.US_ASCII);

        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setPasswordAuthenticator(null);
        server.setKeyboardInteractiveAuthenticator(null);
        server.setPublickeyAuthenticator(
                (user, key, session) -> USER.equals(user) && KeyUtils.compareKeys(key, clusterKey.getPublic()));
        server.setCommandFactory((channel, command) -> new NodeCommand(command));
        server.start();
    }

    @AfterAll
    static void stopServer() throws IOException {
        if (server != null) {
            server.stop(true);
        }
    }

    @BeforeEach
    void captureLogs() {
        logs = new ListAppender<>();
        logs.start();
        root().addAppender(logs);
    }

    @AfterEach
    void noKeyMaterialAnywhere() {
        executors.forEach(SshNodeExecutor::close);
        root().detachAppender(logs);
        List<String> secrets = keyMaterial();
        for (NodeResponse response : responses) {
            if (response instanceof NodeResponse.Failed failed) {
                assertThat(failed.error().message()).doesNotContain(secrets);
            }
        }
        assertThat(logged()).as("log events were captured").isNotEmpty();
        for (ILoggingEvent event : logged()) {
            String line = event.getFormattedMessage()
                    + (event.getThrowableProxy() == null ? "" : ThrowableProxyUtil.asString(event.getThrowableProxy()));
            assertThat(line).doesNotContain(secrets);
        }
    }

    @Test
    void a_scan_over_ssh_returns_the_certificates_on_the_node_and_wipes_the_key() throws IOException {
        Path knownHosts = knownHosts(hostKey);
        List<SshPrivateKey> handedOut = new CopyOnWriteArrayList<>();
        SshNodeExecutor executor = executor(settings(knownHosts, Map.of(), false), clusterId -> {
            assertThat(clusterId).isEqualTo("prod-1");
            SshPrivateKey key = new SshPrivateKey(KEY_SOURCE, clusterKeyText.getBytes(StandardCharsets.US_ASCII));
            handedOut.add(key);
            return key;
        });

        NodeResponse response = run(executor, NodeRequest.Scan.defaults());

        assertThat(response).as(String.valueOf(response)).isInstanceOf(NodeResponse.Completed.class);
        ScanResult scan = (ScanResult) ((NodeResponse.Completed) response).result();
        assertThat(present(scan.certificates(), "apiserver").facts().sha256()).isEqualTo(node.apiserverSha256());
        assertThat(present(scan.certificates(), "apiserver").path()).isEqualTo("/etc/kubernetes/pki/apiserver.crt");
        assertThat(present(scan.authorities(), "ca").facts().sha256()).isEqualTo(node.caSha256());
        assertThat(logged())
                .as("MINA's own DEBUG lines are among those checked for key bytes")
                .anyMatch(e -> e.getLoggerName().startsWith("org.apache.sshd") && e.getLevel() == Level.DEBUG);
        assertThat(handedOut)
                .singleElement()
                .satisfies(key -> assertThatThrownBy(key::open)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageNotContaining(clusterKeyText));
    }

    @Test
    void a_pinned_fingerprint_is_trusted_and_any_other_host_key_refused() {
        String pin = KeyUtils.getFingerPrint(hostKey.getPublic());
        NodeResponse pinned =
                run(executor(settings(null, Map.of("prod-1/cp-1", pin), false)), NodeRequest.Scan.defaults());
        assertThat(pinned).isInstanceOf(NodeResponse.Completed.class);

        int before = commandsRun.get();
        String otherPin = KeyUtils.getFingerPrint(strangerKey.getPublic());
        NodeResponse refused =
                run(executor(settings(null, Map.of("prod-1/cp-1", otherPin), false)), NodeRequest.Scan.defaults());

        assertThat(error(refused).reason()).isEqualTo(FailureReason.POLICY);
        assertThat(error(refused).message()).contains("not the pinned one", pin, "prod-1/cp-1");
        assertThat(commandsRun.get()).as("nothing ran on an untrusted host").isEqualTo(before);
    }

    @Test
    void an_unknown_host_is_refused_by_default() throws IOException {
        int before = commandsRun.get();
        Path empty = Files.createFile(work.resolve("known_hosts"));

        NodeResponse noFile = run(executor(settings(null, Map.of(), false)), NodeRequest.Scan.defaults());
        NodeResponse notInFile = run(executor(settings(empty, Map.of(), false)), NodeRequest.Scan.defaults());

        assertThat(error(noFile).reason()).isEqualTo(FailureReason.POLICY);
        assertThat(error(noFile).retryable()).isFalse();
        assertThat(error(noFile).message()).contains("is unknown", KeyUtils.getFingerPrint(hostKey.getPublic()));
        assertThat(error(notInFile).reason()).isEqualTo(FailureReason.POLICY);
        assertThat(error(notInFile).message()).contains("not in " + empty);
        assertThat(commandsRun.get()).isEqualTo(before);
    }

    @Test
    void a_host_key_that_changed_is_refused() throws IOException {
        NodeResponse response =
                run(executor(settings(knownHosts(strangerKey), Map.of(), true)), NodeRequest.Scan.defaults());

        assertThat(error(response).reason()).isEqualTo(FailureReason.POLICY);
        assertThat(error(response).message()).contains("CHANGED");
    }

    @Test
    void accepting_unknown_hosts_warns_and_records_the_key_for_the_next_time() throws IOException {
        Path file = Files.createFile(work.resolve("known_hosts"));

        NodeResponse first = run(executor(settings(file, Map.of(), true)), NodeRequest.Scan.defaults());

        assertThat(first).isInstanceOf(NodeResponse.Completed.class);
        assertThat(logged())
                .filteredOn(e -> e.getLevel() == Level.WARN)
                .extracting(ILoggingEvent::getFormattedMessage)
                .anySatisfy(m -> assertThat(m).contains("accepting the unknown host key", "prod-1/cp-1"));
        assertThat(Files.readString(file)).contains(PublicKeyEntry.toString(hostKey.getPublic()));

        NodeResponse strict = run(executor(settings(file, Map.of(), false)), NodeRequest.Scan.defaults());
        assertThat(strict).isInstanceOf(NodeResponse.Completed.class);
    }

    @Test
    void a_key_the_node_does_not_know_is_a_policy_failure() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(strangerKey, "stranger", null, text);
        int before = commandsRun.get();
        SshNodeExecutor executor = executor(
                settings(knownHosts(hostKey), Map.of(), false),
                clusterId -> new SshPrivateKey(KEY_SOURCE, text.toByteArray()));

        NodeResponse response = run(executor, NodeRequest.Scan.defaults());

        assertThat(error(response).reason()).isEqualTo(FailureReason.POLICY);
        assertThat(error(response).message()).contains("refused capv", KEY_SOURCE);
        assertThat(commandsRun.get()).isEqualTo(before);
        assertThat(error(response).message())
                .doesNotContain(text.toString(StandardCharsets.US_ASCII)
                        .lines()
                        .skip(1)
                        .findFirst()
                        .orElseThrow());
    }

    @Test
    void a_server_that_is_down_or_a_node_without_address_is_unreachable() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SshSettings down = new SshSettings(
                USER,
                closedPort,
                null,
                Duration.ofSeconds(5),
                Duration.ofSeconds(5),
                null,
                knownHosts(hostKey),
                null,
                false,
                null);

        NodeResponse refused = run(executor(down), NodeRequest.Scan.defaults());
        NodeResponse noAddress = run(
                new SshNodeExecutor(settings(null, Map.of(), false), target -> Optional.empty(), this::clusterKey),
                NodeRequest.Scan.defaults());

        assertThat(error(refused).reason()).isEqualTo(FailureReason.UNREACHABLE);
        assertThat(error(refused).retryable()).isTrue();
        assertThat(error(refused).message())
                .contains("cannot reach node prod-1/cp-1 at 127.0.0.1:" + closedPort, "ConnectException");
        assertThat(error(noAddress))
                .isEqualTo(NodeError.of(FailureReason.UNREACHABLE, "no address is known for node prod-1/cp-1"));
    }

    @Test
    void what_the_node_says_instead_of_an_answer_is_typed() throws IOException {
        Path knownHosts = knownHosts(hostKey);

        Duration patient = Duration.ofSeconds(30);
        NodeResponse password =
                run(executor(command(knownHosts, "sudo -n /opt/needs-password", patient)), NodeRequest.Scan.defaults());
        NodeResponse missing =
                run(executor(command(knownHosts, "sudo -n /opt/missing", patient)), NodeRequest.Scan.defaults());
        NodeResponse hangs = run(
                executor(command(knownHosts, "sudo -n /opt/hangs", Duration.ofSeconds(1))),
                NodeRequest.Scan.defaults());
        NodeResponse oldJava =
                run(executor(command(knownHosts, "sudo -n /opt/old-java", patient)), NodeRequest.Scan.defaults());

        assertThat(error(password).reason()).isEqualTo(FailureReason.POLICY);
        assertThat(error(password).message()).contains("NOPASSWD", "sudo: a password is required");
        assertThat(error(missing).reason()).isEqualTo(FailureReason.INVALID_INPUT);
        assertThat(error(missing).message()).contains("was not found", "install the node agent");
        assertThat(error(hangs).reason()).isEqualTo(FailureReason.TRANSIENT);
        assertThat(error(hangs).message()).contains("did not answer within PT1S");
        assertThat(error(oldJava).reason()).isEqualTo(FailureReason.POLICY);
        assertThat(error(oldJava).message())
                .contains(
                        "the node agent cannot start on",
                        "exit code 3",
                        "reinstall it",
                        "is Java 17; the node agent needs Java 21 or newer");
    }

    @Test
    void an_unusable_key_is_invalid_and_not_quoted() throws IOException {
        String garbage =
                "-----BEGIN OPENSSH PRIVATE KEY-----\nc2VjcmV0LWJ1dC1ub3QtYS1rZXk=\n-----END OPENSSH PRIVATE KEY-----\n";
        SshNodeExecutor executor = executor(
                settings(knownHosts(hostKey), Map.of(), false),
                clusterId -> new SshPrivateKey(KEY_SOURCE, garbage.getBytes(StandardCharsets.US_ASCII)));

        NodeResponse response = run(executor, NodeRequest.Scan.defaults());

        assertThat(error(response).reason()).isEqualTo(FailureReason.INVALID_INPUT);
        assertThat(error(response).message())
                .contains("ssh-privatekey of " + KEY_SOURCE)
                .doesNotContain("c2VjcmV0");
        assertThat(logged()).extracting(ILoggingEvent::getFormattedMessage).noneMatch(m -> m.contains("c2VjcmV0"));
    }

    private NodeResponse run(SshNodeExecutor executor, NodeRequest request) {
        NodeResponse response = executor.execute(TARGET, request);
        responses.add(response);
        return response;
    }

    private SshNodeExecutor executor(SshSettings settings) {
        return executor(settings, this::clusterKey);
    }

    private SshNodeExecutor executor(SshSettings settings, SshCredentials credentials) {
        SshNodeExecutor executor = new SshNodeExecutor(settings, target -> Optional.of("127.0.0.1"), credentials);
        executors.add(executor);
        return executor;
    }

    private SshPrivateKey clusterKey(String clusterId) {
        return new SshPrivateKey(KEY_SOURCE, clusterKeyText.getBytes(StandardCharsets.US_ASCII));
    }

    private static SshSettings settings(Path knownHosts, Map<String, String> pins, boolean acceptUnknown) {
        return new SshSettings(
                USER,
                server.getPort(),
                null,
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                knownHosts,
                pins,
                acceptUnknown,
                null);
    }

    /** Settings that run {@code command} on the node; a slow machine must not turn a quick answer into a timeout. */
    private static SshSettings command(Path knownHosts, String command, Duration commandTimeout) {
        return new SshSettings(
                USER,
                server.getPort(),
                command,
                Duration.ofSeconds(30),
                Duration.ofSeconds(30),
                commandTimeout,
                knownHosts,
                null,
                false,
                null);
    }

    private Path knownHosts(KeyPair key) throws IOException {
        Path file = Files.createTempFile(work, "known_hosts", "");
        Files.writeString(
                file, "[127.0.0.1]:" + server.getPort() + " " + PublicKeyEntry.toString(key.getPublic()) + "\n");
        return file;
    }

    /** Every form the cluster's private key could leak in. */
    private static List<String> keyMaterial() {
        List<String> forms = new ArrayList<>();
        clusterKeyText
                .lines()
                .filter(l -> !l.startsWith("-----") && l.length() >= 16)
                .forEach(forms::add);
        byte[] encoded = clusterKey.getPrivate().getEncoded();
        forms.add(Base64.getEncoder().encodeToString(encoded).substring(0, 40));
        forms.add(HexFormat.of().formatHex(encoded).substring(0, 40));
        String scalar = ((java.security.interfaces.ECPrivateKey) clusterKey.getPrivate())
                .getS()
                .toString(16);
        forms.add(scalar);
        return forms;
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    private static KeyPair ecKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static ScannedCertificate present(List<ScannedCertificate> rows, String name) {
        return rows.stream()
                .filter(r -> r.name().equals(name) && r.presence() == Presence.PRESENT)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + rows));
    }

    private static NodeError error(NodeResponse response) {
        assertThat(response).isInstanceOf(NodeResponse.Failed.class);
        return ((NodeResponse.Failed) response).error();
    }

    /**
     * The node's side of a session: {@code sudo -n /usr/local/bin/certfleet-node-agent} runs the real agent
     * in-process on the node tree; other commands act as sudo or a shell would.
     */
    private static final class NodeCommand implements Command {
        private final String command;
        private final CountDownLatch destroyed = new CountDownLatch(1);
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        NodeCommand(String command) {
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            Thread thread = new Thread(() -> exit.onExit(run()), "node-command");
            thread.setDaemon(true);
            thread.start();
        }

        private int run() {
            commandsRun.incrementAndGet();
            PrintStream stdout = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream stderr = new PrintStream(err, true, StandardCharsets.UTF_8);
            switch (command) {
                case AGENT -> {
                    return NodeAgentMain.run(new String[] {"--root", nodeRoot.toString()}, in, stdout, stderr);
                }
                case "sudo -n /opt/old-java" -> {
                    stderr.println(
                            "certfleet-node-agent: /usr/bin/java (from PATH) is Java 17; the node agent needs Java 21 or newer.");
                    return 3;
                }
                case "sudo -n /opt/needs-password" -> {
                    stderr.println("sudo: a password is required");
                    return 1;
                }
                case "sudo -n /opt/hangs" -> {
                    try {
                        destroyed.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return 143;
                }
                default -> {
                    stderr.println("sudo: " + command.substring(command.lastIndexOf(' ') + 1) + ": command not found");
                    return 1;
                }
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
            destroyed.countDown();
        }
    }

    /**
     * What was logged so far. Logback appends under the appender's lock from any thread (MINA, Kafka, HTTP), so read
     * under the same lock: iterating {@code logs.list} directly may throw ConcurrentModificationException.
     */
    private List<ILoggingEvent> logged() {
        synchronized (logs) {
            return List.copyOf(logs.list);
        }
    }
}
