package io.certfleet.nodeaccess;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

/**
 * How node-agent Jobs are made and waited for. A null argument takes the default written here (applied
 * once).
 *
 * @param namespace where Jobs run; labelled privileged for Pod Security ({@code deploy/node-agent}); default
 *     {@code certfleet-node-agent}
 * @param image the node-agent image; default {@code certfleet/node-agent:<this build's version>}
 * @param imagePullPolicy default {@code IfNotPresent}
 * @param imagePullSecrets names of pull Secrets in the namespace (names only); default none
 * @param command the agent's entry point in the image; default {@code /usr/local/bin/certfleet-node-agent}
 * @param serviceAccountName the pod's service account; default the namespace's {@code default} (its token is
 *     never mounted: the agent needs no API access)
 * @param containerRuntimeEndpoint the CRI socket for {@code RESTART_CONTROL_PLANE}; default {@code
 *     unix:///run/containerd/containerd.sock}
 * @param pollInterval how often the Job and its pod are looked at; default 2s
 * @param podStartTimeout a pod still pending (or not created) after this is given up on; default 2m
 * @param operationTimeout what an operation may take once running (restarts and verifications add what they
 *     wait for); default 5m
 * @param ttlAfterFinished {@code ttlSecondsAfterFinished}: removes a Job this executor could not delete;
 *     default 10m
 */
public record NodeAgentJobSettings(
        String namespace,
        String image,
        String imagePullPolicy,
        List<String> imagePullSecrets,
        List<String> command,
        String serviceAccountName,
        String containerRuntimeEndpoint,
        Duration pollInterval,
        Duration podStartTimeout,
        Duration operationTimeout,
        Duration ttlAfterFinished) {

    public static final String DEFAULT_NAMESPACE = "certfleet-node-agent";
    public static final String DEFAULT_COMMAND = "/usr/local/bin/certfleet-node-agent";
    public static final String DEFAULT_RUNTIME_ENDPOINT = "unix:///run/containerd/containerd.sock";

    public NodeAgentJobSettings {
        namespace = blank(namespace) ? DEFAULT_NAMESPACE : namespace;
        image = blank(image) ? defaultImage() : image;
        imagePullPolicy = blank(imagePullPolicy) ? "IfNotPresent" : imagePullPolicy;
        imagePullSecrets = imagePullSecrets == null ? List.of() : List.copyOf(imagePullSecrets);
        command = command == null || command.isEmpty() ? List.of(DEFAULT_COMMAND) : List.copyOf(command);
        serviceAccountName = blank(serviceAccountName) ? null : serviceAccountName;
        containerRuntimeEndpoint =
                blank(containerRuntimeEndpoint) ? DEFAULT_RUNTIME_ENDPOINT : containerRuntimeEndpoint;
        pollInterval = positive(pollInterval, Duration.ofSeconds(2), "pollInterval");
        podStartTimeout = positive(podStartTimeout, Duration.ofMinutes(2), "podStartTimeout");
        operationTimeout = positive(operationTimeout, Duration.ofMinutes(5), "operationTimeout");
        ttlAfterFinished = positive(ttlAfterFinished, Duration.ofMinutes(10), "ttlAfterFinished");
        if (!containerRuntimeEndpoint.startsWith("unix://")) {
            throw new IllegalArgumentException("containerRuntimeEndpoint must be a unix:// socket");
        }
    }

    public static NodeAgentJobSettings defaults() {
        return new NodeAgentJobSettings(null, null, null, null, null, null, null, null, null, null, null);
    }

    public NodeAgentJobSettings withNamespace(String value) {
        return new NodeAgentJobSettings(
                value,
                image,
                imagePullPolicy,
                imagePullSecrets,
                command,
                serviceAccountName,
                containerRuntimeEndpoint,
                pollInterval,
                podStartTimeout,
                operationTimeout,
                ttlAfterFinished);
    }

    public NodeAgentJobSettings withTimings(Duration poll, Duration podStart, Duration operation) {
        return new NodeAgentJobSettings(
                namespace,
                image,
                imagePullPolicy,
                imagePullSecrets,
                command,
                serviceAccountName,
                containerRuntimeEndpoint,
                poll,
                podStart,
                operation,
                ttlAfterFinished);
    }

    /** The socket's path on the node, from {@link #containerRuntimeEndpoint()}. */
    public String containerRuntimeSocket() {
        return containerRuntimeEndpoint.substring("unix://".length());
    }

    /** {@code certfleet/node-agent:<version of this build>}. */
    public static String defaultImage() {
        Properties properties = new Properties();
        try (InputStream in = NodeAgentJobSettings.class.getResourceAsStream("node-access.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("node-access.properties cannot be read", e);
        }
        return "certfleet/node-agent:" + properties.getProperty("version", "latest");
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
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
