package io.certfleet.nodeaccess;

import io.certfleet.nodeagent.NodeTarget;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.PublicKey;
import java.util.Optional;
import org.apache.sshd.client.config.hosts.KnownHostEntry;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which host keys are trusted, per node: a pinned fingerprint when one is configured for the node (then only
 * that key), else the known_hosts file, else none. A key seen for the first time is refused unless {@code
 * acceptUnknownHosts} (labs), which logs a warning and, with a known_hosts file, records the key there; a key
 * that differs from the recorded one is always refused. Why a key was refused is left on the session for the
 * executor to report.
 */
final class HostKeyVerification implements ServerKeyVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(HostKeyVerification.class);

    /** The connection's node and what was decided about its host key, set in the connection context. */
    static final AttributeKey<Verdict> VERDICT = new AttributeKey<>();

    /**
     * What the verifier decided for one connection. Held by the executor itself, not on the session: a refused
     * session is closed (and its attributes cleared) while the executor is still looking at why.
     */
    static final class Verdict {
        final NodeTarget target;
        private volatile String refusal;
        private volatile boolean accepted;

        Verdict(NodeTarget target) {
            this.target = target;
        }

        Optional<String> refusal() {
            return Optional.ofNullable(refusal);
        }

        /** The host key was accepted: a later failure is the authentication's. */
        boolean accepted() {
            return accepted;
        }
    }

    private final SshSettings settings;
    private final KnownHostsServerKeyVerifier knownHosts;

    HostKeyVerification(SshSettings settings) {
        this.settings = settings;
        this.knownHosts = settings.knownHosts()
                .map(file -> {
                    KnownHostsServerKeyVerifier verifier = new KnownHostsServerKeyVerifier(this::unknownHost, file);
                    verifier.setModifiedServerKeyAcceptor(this::changedHost);
                    return verifier;
                })
                .orElse(null);
    }

    @Override
    public boolean verifyServerKey(ClientSession session, SocketAddress remote, PublicKey key) {
        Optional<Verdict> verdict = verdict(session);
        Optional<NodeTarget> target = verdict.map(v -> v.target);
        Optional<String> pinned = target.flatMap(t -> settings.pinnedHostKey(t.toString()));
        boolean accepted;
        if (pinned.isPresent()) {
            String fingerprint = KeyUtils.getFingerPrint(key);
            accepted = pinned.get().equals(fingerprint);
            if (!accepted) {
                refuse(
                        session,
                        "host key " + fingerprint + " of " + node(session, remote) + " is not the pinned one ("
                                + pinned.get() + ")");
            }
        } else if (knownHosts != null) {
            accepted = knownHosts.verifyServerKey(session, remote, key);
            if (!accepted && verdict.flatMap(Verdict::refusal).isEmpty()) {
                refuse(
                        session,
                        "host key of " + node(session, remote) + " is not trusted by " + settings.knownHostsFile());
            }
        } else {
            accepted = unknownHost(session, remote, key);
        }
        if (accepted) {
            verdict.ifPresent(v -> v.accepted = true);
        }
        return accepted;
    }

    private boolean unknownHost(ClientSession session, SocketAddress remote, PublicKey key) {
        String fingerprint = KeyUtils.getFingerPrint(key);
        if (settings.acceptUnknownHosts()) {
            LOG.warn(
                    "accepting the unknown host key {} of {} because unknown hosts are accepted (labs only){}",
                    fingerprint,
                    node(session, remote),
                    knownHosts == null ? "" : "; recording it in " + settings.knownHostsFile());
            return true;
        }
        refuse(
                session,
                "host key " + fingerprint + " of " + node(session, remote) + " is unknown: "
                        + (knownHosts == null
                                ? "configure a known_hosts file or pin the node's fingerprint"
                                : "it is not in " + settings.knownHostsFile()));
        return false;
    }

    private boolean changedHost(
            ClientSession session, SocketAddress remote, KnownHostEntry entry, PublicKey expected, PublicKey actual) {
        refuse(
                session,
                "host key of " + node(session, remote) + " has CHANGED: " + settings.knownHostsFile() + " holds "
                        + KeyUtils.getFingerPrint(expected) + ", the node presented "
                        + KeyUtils.getFingerPrint(actual));
        return false;
    }

    private static void refuse(ClientSession session, String reason) {
        LOG.warn("refused: {}", reason);
        verdict(session).ifPresent(v -> v.refusal = reason);
    }

    private static Optional<Verdict> verdict(ClientSession session) {
        AttributeRepository context = session.getConnectionContext();
        return Optional.ofNullable(context == null ? null : context.getAttribute(VERDICT));
    }

    private static String node(ClientSession session, SocketAddress remote) {
        String address = remote instanceof InetSocketAddress inet
                ? inet.getHostString() + ":" + inet.getPort()
                : String.valueOf(remote);
        return verdict(session).map(v -> "node " + v.target + " at " + address).orElse(address);
    }
}
