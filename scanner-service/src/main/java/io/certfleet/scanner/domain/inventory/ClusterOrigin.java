package io.certfleet.scanner.domain.inventory;

/** How a cluster entered the inventory; a source only ever replaces or removes what it registered itself. */
public enum ClusterOrigin {
    /** {@code POST /clusters}. */
    API,
    /** The declarative inventory file ({@code certfleet.scanner.inventory-file}). */
    FILE,
    /** Found as a Cluster API {@code Cluster} in a management cluster. */
    DISCOVERED
}
