package io.certfleet.renewal.domain.policy;

/** How a cluster's nodes are normally reached, from the inventory's {@code nodeAccess} (the scanner's names). */
public enum NodeAccessMode {
    /** In-process on a directory per node (fleet-sim, the demo, tests); both access paths use it. */
    LOCAL,
    /** A node-agent Job pinned to the node, through the workload cluster's API (the default for real clusters). */
    KUBERNETES_JOB,
    /** SSH with the key of the management cluster's {@code <cluster>-ssh} Secret. */
    SSH,
    /** certfleet does not reach this cluster's nodes: no node step can run. */
    NONE
}
