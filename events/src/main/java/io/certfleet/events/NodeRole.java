package io.certfleet.events;

/** The part a node plays in an upgrade, which fixes its place in the kubeadm procedure. */
public enum NodeRole {
    /** The first control-plane node ({@code kubeadm upgrade apply}). */
    CONTROL_PLANE_FIRST,
    /** Any other control-plane node ({@code kubeadm upgrade node}). */
    CONTROL_PLANE,
    /** A worker node ({@code kubeadm upgrade node}, after every control-plane node). */
    WORKER
}
