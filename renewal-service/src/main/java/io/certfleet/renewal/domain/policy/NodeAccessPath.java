package io.certfleet.renewal.domain.policy;

/** How the nodes of a renewal are reached (DESIGN §4). */
public enum NodeAccessPath {
    /** The normal path: a node-agent Job scheduled through the cluster's API (or in-process in the simulator). */
    API,
    /**
     * Break-glass: the API server's certificate has expired, so nothing can be scheduled through the API; the same node
     * steps run over SSH (seed 001). In the simulator both paths are the local executor.
     */
    BREAK_GLASS
}
