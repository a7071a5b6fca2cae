package io.certfleet.scanner.domain.inventory;

/** How a cluster's node files are reached (DESIGN §4). */
public enum NodeAccess {
    /** In-process on a directory per node (fleet-sim, the demo, tests). */
    LOCAL,
    /** A Kubernetes Job pinned to the node. */
    KUBERNETES_JOB,
    /** SSH with the key of the management cluster's {@code <cluster>-ssh} Secret (break-glass). */
    SSH,
    /** Node files are not scanned; only remote sources are. */
    NONE
}
