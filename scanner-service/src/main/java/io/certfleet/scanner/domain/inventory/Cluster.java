package io.certfleet.scanner.domain.inventory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A cluster of the fleet inventory: what to scan and how to reach it. Holds no secret: the {@code <c>-kubeconfig}
 * and {@code <c>-ssh} Secrets stay in the management cluster and are only noted as available.
 *
 * @param id the cluster id (event subject and Kafka key); a DNS-like name
 * @param flavour how it is built
 * @param labels routing and ownership labels ({@code team}, {@code environment}, {@code ring}, thresholds ...)
 * @param apiEndpoint the API server URL clients use, when known
 * @param management where it is managed, when it is
 * @param sshSecretAvailable whether the management cluster holds a {@code <c>-ssh} Secret (break-glass access)
 * @param nodeAccess how its node files are reached
 * @param origin who registered it
 * @param scanInterval its own scan interval, instead of the configured one
 * @param nodes its nodes
 * @param endpoints TLS endpoints not tied to a node (a load balancer in front of the API servers)
 */
public record Cluster(
        String id,
        ClusterFlavour flavour,
        Map<String, String> labels,
        Optional<String> apiEndpoint,
        Optional<ManagementRef> management,
        boolean sshSecretAvailable,
        NodeAccess nodeAccess,
        ClusterOrigin origin,
        Optional<Duration> scanInterval,
        List<ClusterNode> nodes,
        List<Endpoint> endpoints) {

    private static final Pattern ID = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    public Cluster {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(flavour, "flavour");
        labels = Map.copyOf(new TreeMap<>(labels));
        Objects.requireNonNull(apiEndpoint, "apiEndpoint");
        Objects.requireNonNull(management, "management");
        Objects.requireNonNull(nodeAccess, "nodeAccess");
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(scanInterval, "scanInterval");
        nodes = List.copyOf(nodes);
        endpoints = List.copyOf(endpoints);
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException(
                    "cluster id '" + id + "' must be lowercase letters, digits, '-' and '.', starting and ending"
                            + " with a letter or digit");
        }
        if (scanInterval.isPresent()
                && (scanInterval.get().isNegative() || scanInterval.get().isZero())) {
            throw new IllegalArgumentException("scanInterval must be positive");
        }
        long distinct = nodes.stream().map(ClusterNode::name).distinct().count();
        if (distinct != nodes.size()) {
            throw new IllegalArgumentException("cluster " + id + " lists a node twice");
        }
    }

    /** The label used to route alerts to the owning team, when set. */
    public Optional<String> team() {
        return Optional.ofNullable(labels.get("team"));
    }

    public Optional<ClusterNode> node(String name) {
        return nodes.stream().filter(n -> n.name().equals(name)).findFirst();
    }
}
