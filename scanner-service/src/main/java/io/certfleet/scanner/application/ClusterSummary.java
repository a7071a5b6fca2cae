package io.certfleet.scanner.application;

import io.certfleet.scanner.domain.inventory.ClusterFlavour;
import io.certfleet.scanner.domain.inventory.ClusterOrigin;
import io.certfleet.scanner.domain.inventory.NodeAccess;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A cluster as the API lists it: what it is and where its scans stand, without its node list.
 *
 * @param id the cluster id
 * @param flavour how it is built
 * @param labels its labels
 * @param apiEndpoint its API server URL, when known
 * @param managementCluster the management cluster it is managed from
 * @param managementNamespace the namespace there
 * @param sshSecretAvailable whether a {@code <c>-ssh} Secret exists for break-glass access
 * @param nodeAccess how node files are reached
 * @param origin who registered it
 * @param nodeCount how many nodes it has
 * @param certificateCount certificates in the inventory
 * @param nextScanAt when it is scanned next
 * @param lastScanId its last finished scan
 * @param lastScanAt when that scan finished
 */
public record ClusterSummary(
        String id,
        ClusterFlavour flavour,
        Map<String, String> labels,
        Optional<String> apiEndpoint,
        Optional<String> managementCluster,
        Optional<String> managementNamespace,
        boolean sshSecretAvailable,
        NodeAccess nodeAccess,
        ClusterOrigin origin,
        int nodeCount,
        long certificateCount,
        Instant nextScanAt,
        Optional<String> lastScanId,
        Optional<Instant> lastScanAt) {}
