package io.certfleet.nodeaccess;

import io.certfleet.nodeagent.FailureReason;
import io.certfleet.nodeagent.NodeError;
import io.certfleet.nodeagent.NodeExecutor;
import io.certfleet.nodeagent.NodeJson;
import io.certfleet.nodeagent.NodeRequest;
import io.certfleet.nodeagent.NodeResponse;
import io.certfleet.nodeagent.NodeTarget;
import io.certfleet.nodeagent.Operation;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.password.PasswordIdentityProvider;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;

/**
 * {@link NodeExecutor} over SSH (Apache MINA SSHD): the break-glass way to a node when its API server's
 * certificate has expired and no Job can be created (DESIGN §4, seeds 000/001). Connects to the node's address
 * as the configured user with the cluster's key ({@link SshCredentials}: the {@code <cluster>-ssh} Secret),
 * checks the host key ({@link SshSettings}: pinned fingerprint, known_hosts, unknown hosts refused by default),
 * runs {@code sudo -n /usr/local/bin/certfleet-node-agent} with the JSON request on standard input and reads the
 * agent's one-line JSON answer.
 *
 * <p>The key lives for one connection: read, parsed, offered to the server, dropped; its bytes are wiped and
 * never logged or quoted. Nothing from {@code ~/.ssh} (config, keys, known_hosts) is used, and only public-key
 * authentication is offered.
 *
 * <p>Failures: no address, connection refused or timed out, a broken session: {@code UNREACHABLE}; host key
 * refused, authentication refused, sudo asking for a password, an installed agent that cannot start (its Java):
 * {@code POLICY}; no answer within the operation's time: {@code TRANSIENT}; an unusable key or output that is not
 * the agent's JSON: {@code INVALID_INPUT}.
 */
public final class SshNodeExecutor implements NodeExecutor, AutoCloseable {
    private static final int MAX_STDERR_BYTES = 64 * 1024;

    private final SshSettings settings;
    private final NodeAddresses addresses;
    private final SshCredentials credentials;
    private final SshClient client;

    public SshNodeExecutor(SshSettings settings, NodeAddresses addresses, SshCredentials credentials) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.addresses = Objects.requireNonNull(addresses, "addresses");
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.client = SshClient.setUpDefaultClient();
        client.setServerKeyVerifier(new HostKeyVerification(settings));
        // nothing from the service account's ~/.ssh: no config, no default identities, no passwords
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setPasswordIdentityProvider(PasswordIdentityProvider.EMPTY_PASSWORDS_PROVIDER);
        client.setUserAuthFactories(List.of(UserAuthPublicKeyFactory.INSTANCE));
        CoreModuleProperties.IO_CONNECT_TIMEOUT.set(client, settings.connectTimeout());
        CoreModuleProperties.AUTH_TIMEOUT.set(client, settings.authTimeout());
        client.start();
    }

    @Override
    public NodeResponse execute(NodeTarget target, NodeRequest request) {
        Operation operation = request.operation();
        Optional<String> address = addresses.address(target).filter(a -> !a.isBlank());
        if (address.isEmpty()) {
            return failed(operation, FailureReason.UNREACHABLE, "no address is known for node " + target);
        }
        String host = address.get();
        String where = "node " + target + " at " + host + ":" + settings.port();
        KeyPair identity;
        String keySource;
        try (SshPrivateKey key = credentials.privateKey(target.clusterId())) {
            keySource = key.source();
            identity = keyPair(key);
        } catch (NodeAccessException e) {
            return failed(operation, e.reason(), e.getMessage());
        } catch (RuntimeException e) {
            return failed(
                    operation,
                    FailureReason.UNREACHABLE,
                    "the SSH key of cluster " + target.clusterId() + " cannot be read ("
                            + e.getClass().getSimpleName() + ")");
        }
        try {
            return connectAndRun(target, host, where, identity, keySource, request);
        } catch (NodeAccessException e) {
            return failed(operation, e.reason(), e.getMessage());
        }
    }

    private NodeResponse connectAndRun(
            NodeTarget target, String host, String where, KeyPair identity, String keySource, NodeRequest request) {
        HostKeyVerification.Verdict verdict = new HostKeyVerification.Verdict(target);
        AttributeRepository context = AttributeRepository.ofKeyValuePair(HostKeyVerification.VERDICT, verdict);
        ClientSession session;
        try {
            ConnectFuture connecting = client.connect(settings.user(), host, settings.port(), context, null);
            if (!connecting.await(settings.connectTimeout())) {
                connecting.cancel();
                throw new NodeAccessException(
                        FailureReason.UNREACHABLE,
                        where + " did not accept a connection within " + settings.connectTimeout());
            }
            if (!connecting.isConnected()) {
                throw unreachable(where, connecting.getException());
            }
            session = connecting.getSession();
        } catch (IOException e) {
            throw unreachable(where, e);
        }
        try (ClientSession open = session) {
            authenticate(open, verdict, where, identity, keySource);
            return run(open, where, request);
        } catch (IOException e) {
            throw unreachable(where, e);
        }
    }

    private void authenticate(
            ClientSession session,
            HostKeyVerification.Verdict verdict,
            String where,
            KeyPair identity,
            String keySource)
            throws IOException {
        session.addPublicKeyIdentity(identity);
        try {
            AuthFuture auth = session.auth();
            if (!auth.await(settings.authTimeout())) {
                throw new NodeAccessException(
                        FailureReason.TRANSIENT,
                        "SSH handshake with " + where + " did not complete within " + settings.authTimeout());
            }
            if (auth.isSuccess()) {
                return;
            }
            if (verdict.refusal().isPresent()) {
                throw new NodeAccessException(
                        FailureReason.POLICY, verdict.refusal().get());
            }
            if (verdict.accepted()) {
                throw new NodeAccessException(
                        FailureReason.POLICY,
                        where + " refused " + settings.user() + " with the key of " + keySource
                                + " (public key authentication failed)");
            }
            throw unreachable(where, auth.getException());
        } finally {
            session.removePublicKeyIdentity(identity);
        }
    }

    private NodeResponse run(ClientSession session, String where, NodeRequest request) throws IOException {
        Operation operation = request.operation();
        Duration budget = OperationDeadline.of(request, settings.operationTimeout());
        byte[] input = (NodeJson.write(request) + "\n").getBytes(StandardCharsets.UTF_8);
        BoundedOutput out = new BoundedOutput(settings.maxOutputBytes());
        BoundedOutput err = new BoundedOutput(MAX_STDERR_BYTES);
        try (ChannelExec channel = session.createExecChannel(settings.command())) {
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(settings.authTimeout());
            try (OutputStream stdin = channel.getInvertedIn()) {
                stdin.write(input);
                stdin.flush();
            }
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), budget);
            if (events.contains(ClientChannelEvent.TIMEOUT)) {
                return failed(
                        operation,
                        FailureReason.TRANSIENT,
                        "the node agent on " + where + " did not answer within " + budget);
            }
            if (out.overflowed()) {
                return failed(
                        operation,
                        FailureReason.INVALID_INPUT,
                        "the answer from " + where + " is larger than " + settings.maxOutputBytes() + " bytes");
            }
            Optional<NodeResponse> response = AgentOutput.lastResponse(out.text());
            if (response.isPresent()) {
                NodeResponse answer = response.get();
                if (answer.operation() != null && answer.operation() != operation) {
                    return failed(
                            operation,
                            FailureReason.INVALID_INPUT,
                            where + ": the agent answered for " + answer.operation() + ", not " + operation);
                }
                return answer;
            }
            return noAnswer(operation, where, channel.getExitStatus(), channel.getExitSignal(), firstLine(err.text()));
        }
    }

    /** How node-agent's launcher names itself on standard error when it refuses to start (exit 3, 4 or 5). */
    static final String LAUNCHER = "certfleet-node-agent";

    private NodeResponse noAnswer(Operation operation, String where, Integer exit, String signal, String stderr) {
        String said = stderr.isEmpty() ? "" : "; stderr: " + stderr;
        // sudo answers for a missing command itself ("sudo: /usr/local/bin/...: command not found", exit 1)
        if ((exit != null && exit == 127) || stderr.contains("command not found")) {
            return failed(
                    operation,
                    FailureReason.INVALID_INPUT,
                    "'" + settings.command() + "' was not found on " + where + ": install the node agent" + said);
        }
        if (stderr.startsWith("sudo:")) {
            boolean password = stderr.contains("password is required") || stderr.contains("terminal is required");
            return failed(
                    operation,
                    FailureReason.POLICY,
                    password
                            ? "sudo on " + where + " asks for a password: allow " + settings.user()
                                    + " to run the agent with NOPASSWD" + said
                            : "sudo on " + where + " refused to run the agent as " + settings.user() + said);
        }
        if (exit == null) {
            return failed(
                    operation,
                    FailureReason.TRANSIENT,
                    "the agent on " + where + " ended without an answer"
                            + (signal == null ? "" : " (signal " + signal + ")") + said);
        }
        if (exit == 126) {
            return failed(
                    operation, FailureReason.POLICY, "'" + settings.command() + "' may not be run on " + where + said);
        }
        if (exit >= 3 && exit <= 5 && stderr.startsWith(LAUNCHER + ":")) {
            // the installed launcher (node-agent's distribution) could not start the agent: its Java or its files
            return failed(
                    operation,
                    FailureReason.POLICY,
                    "the node agent cannot start on " + where + " (exit code " + exit + "): fix its Java or reinstall"
                            + " it (install.sh)" + said);
        }
        return failed(
                operation,
                FailureReason.INVALID_INPUT,
                where + " answered no JSON from the node agent (exit code " + exit + ")" + said);
    }

    /** The cluster's key as a key pair; parser messages are not repeated (they may quote the input). */
    private static KeyPair keyPair(SshPrivateKey key) {
        try (InputStream in = key.open()) {
            Iterable<KeyPair> pairs =
                    SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(key.source()), in, null);
            Iterator<KeyPair> iterator = pairs == null ? null : pairs.iterator();
            if (iterator == null || !iterator.hasNext()) {
                throw new NodeAccessException(
                        FailureReason.INVALID_INPUT,
                        "the " + SecretSshCredentials.KEY + " of " + key.source() + " holds no private key");
            }
            return iterator.next();
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            if (e instanceof NodeAccessException access) {
                throw access;
            }
            throw new NodeAccessException(
                    FailureReason.INVALID_INPUT,
                    "the " + SecretSshCredentials.KEY + " of " + key.source()
                            + " is not a usable unencrypted private key ("
                            + e.getClass().getSimpleName() + ")");
        }
    }

    private static NodeAccessException unreachable(String where, Throwable e) {
        Throwable cause = e;
        while (cause != null && cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String detail;
        if (cause instanceof ConnectException
                || cause instanceof NoRouteToHostException
                || cause instanceof UnknownHostException
                || cause instanceof SocketTimeoutException) {
            // the JDK's own network messages: "Connection refused", a host name
            detail = cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        } else {
            detail = cause == null ? "no reason given" : cause.getClass().getSimpleName();
        }
        return new NodeAccessException(
                FailureReason.UNREACHABLE, "cannot reach " + where + " over SSH (" + detail + ")");
    }

    private static String firstLine(String text) {
        String line = text.strip().lines().findFirst().orElse("");
        StringBuilder clean = new StringBuilder();
        for (char c : line.toCharArray()) {
            clean.append(Character.isISOControl(c) ? ' ' : c);
        }
        return clean.length() > 200 ? clean.substring(0, 200) + "..." : clean.toString();
    }

    private static NodeResponse failed(Operation operation, FailureReason reason, String message) {
        return new NodeResponse.Failed(operation, NodeError.of(reason, message));
    }

    @Override
    public void close() {
        try {
            client.stop();
        } catch (RuntimeException e) {
            // stopping releases threads only; nothing to report
        }
    }

    /** Collects a stream up to a limit, then only notes that there was more. */
    private static final class BoundedOutput extends OutputStream {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final int limit;
        private boolean overflowed;

        BoundedOutput(int limit) {
            this.limit = limit;
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] bytes, int offset, int length) {
            int room = limit - buffer.size();
            if (length > room) {
                overflowed = true;
            }
            buffer.write(bytes, offset, Math.max(0, Math.min(room, length)));
        }

        synchronized boolean overflowed() {
            return overflowed;
        }

        synchronized String text() {
            return buffer.toString(StandardCharsets.UTF_8);
        }
    }
}
