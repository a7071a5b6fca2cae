package io.certfleet.fleetsim;

/** The role of a simulated node. */
public enum NodeRole {
    CONTROL_PLANE,
    WORKER
}
