package io.certfleet.nodeaccess;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * How nodes are reached over SSH (break-glass, seeds 000/001). A null argument takes the default written here
 * (applied once).
 *
 * @param user the login user; default {@code vmware-system-user} (TKG; Cluster API on vSphere uses {@code capv})
 * @param port default 22
 * @param command what runs the agent; the request goes to its standard input; default {@code sudo -n
 *     /usr/local/bin/certfleet-node-agent} ({@code -n}: fail instead of waiting for a password)
 * @param connectTimeout TCP connect; default 10s
 * @param authTimeout key exchange and authentication; default 15s
 * @param operationTimeout what an operation may take once started (restarts and verifications add what they
 *     wait for); default 5m
 * @param knownHostsFile an OpenSSH known_hosts file trusted for host keys; default none
 * @param pinnedHostKeys host key fingerprints by node, {@code "<cluster>/<node>" -> "SHA256:..."} as {@code
 *     ssh-keygen -lf} prints them; a pinned node must present exactly that key
 * @param acceptUnknownHosts trust a host key seen for the first time (labs only): logged as a warning and, with
 *     a known_hosts file, added to it; default false: unknown hosts are refused
 * @param maxOutputBytes an answer larger than this is refused; default 16 MiB
 */
public record SshSettings(
        String user,
        Integer port,
        String command,
        Duration connectTimeout,
        Duration authTimeout,
        Duration operationTimeout,
        Path knownHostsFile,
        Map<String, String> pinnedHostKeys,
        Boolean acceptUnknownHosts,
        Integer maxOutputBytes) {

    public static final String DEFAULT_USER = "vmware-system-user";
    public static final String DEFAULT_COMMAND = "sudo -n " + NodeAgentJobSettings.DEFAULT_COMMAND;

    /**
     * Pinned host keys as configured: {@code <cluster>/<node>=SHA256:...} entries.
     *
     * @param key the configuration key they come from, for the error
     * @throws IllegalArgumentException naming the entry that is not of that form
     */
    public static Map<String, String> pins(List<String> entries, String key) {
        Map<String, String> pins = new java.util.LinkedHashMap<>();
        for (String entry : entries == null ? List.<String>of() : entries) {
            int split = entry.indexOf('=');
            int slash = entry.indexOf('/');
            if (split < 1 || slash < 1 || slash > split) {
                throw new IllegalArgumentException(key + " entry '" + entry + "' must be <cluster>/<node>=SHA256:...");
            }
            pins.put(
                    entry.substring(0, split).strip(),
                    entry.substring(split + 1).strip());
        }
        return pins;
    }

    public SshSettings {
        user = user == null || user.isBlank() ? DEFAULT_USER : user;
        port = port == null ? 22 : port;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535");
        }
        command = command == null || command.isBlank() ? DEFAULT_COMMAND : command;
        connectTimeout = positive(connectTimeout, Duration.ofSeconds(10), "connectTimeout");
        authTimeout = positive(authTimeout, Duration.ofSeconds(15), "authTimeout");
        operationTimeout = positive(operationTimeout, Duration.ofMinutes(5), "operationTimeout");
        Map<String, String> pins = new TreeMap<>();
        if (pinnedHostKeys != null) {
            pinnedHostKeys.forEach((node, fingerprint) -> {
                if (!fingerprint.startsWith("SHA256:")) {
                    throw new IllegalArgumentException(
                            "pinned host key of " + node + " must be a SHA256:... fingerprint");
                }
                // OpenSSH prints fingerprints without base64 padding; accept them either way
                pins.put(node.toLowerCase(Locale.ROOT), fingerprint.strip().replaceAll("=+$", ""));
            });
        }
        pinnedHostKeys = Map.copyOf(pins);
        acceptUnknownHosts = acceptUnknownHosts != null && acceptUnknownHosts;
        maxOutputBytes = maxOutputBytes == null ? 16 * 1024 * 1024 : maxOutputBytes;
        if (maxOutputBytes < 1024) {
            throw new IllegalArgumentException("maxOutputBytes must be at least 1024");
        }
    }

    public static SshSettings defaults() {
        return new SshSettings(null, null, null, null, null, null, null, null, null, null);
    }

    public Optional<Path> knownHosts() {
        return Optional.ofNullable(knownHostsFile);
    }

    /** The pinned fingerprint of {@code "<cluster>/<node>"}, if any. */
    public Optional<String> pinnedHostKey(String clusterSlashNode) {
        return Optional.ofNullable(pinnedHostKeys.get(clusterSlashNode.toLowerCase(Locale.ROOT)));
    }

    private static Duration positive(Duration value, Duration fallback, String name) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive");
        }
        return value;
    }
}
