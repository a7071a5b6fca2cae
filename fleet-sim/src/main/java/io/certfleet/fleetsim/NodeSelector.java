package io.certfleet.fleetsim;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Picks nodes of one cluster for a {@link Fault}: all nodes, all nodes of a role, or the n-th node
 * (0-based) of a role. Node names are generated from the seed, so faults address nodes by position.
 *
 * @param role the role, or empty for both
 * @param index the position within the role, or empty for all of them
 */
public record NodeSelector(Optional<NodeRole> role, OptionalInt index) {

    public NodeSelector {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(index, "index");
        if (index.isPresent() && role.isEmpty()) {
            throw new IllegalArgumentException("a node index needs a role");
        }
    }

    public static NodeSelector allNodes() {
        return new NodeSelector(Optional.empty(), OptionalInt.empty());
    }

    public static NodeSelector controlPlanes() {
        return new NodeSelector(Optional.of(NodeRole.CONTROL_PLANE), OptionalInt.empty());
    }

    public static NodeSelector workers() {
        return new NodeSelector(Optional.of(NodeRole.WORKER), OptionalInt.empty());
    }

    public static NodeSelector controlPlane(int index) {
        return new NodeSelector(Optional.of(NodeRole.CONTROL_PLANE), OptionalInt.of(index));
    }

    public static NodeSelector worker(int index) {
        return new NodeSelector(Optional.of(NodeRole.WORKER), OptionalInt.of(index));
    }

    public boolean matches(NodeRole nodeRole, int indexWithinRole) {
        return role.map(r -> r == nodeRole).orElse(true) && (index.isEmpty() || index.getAsInt() == indexWithinRole);
    }
}
