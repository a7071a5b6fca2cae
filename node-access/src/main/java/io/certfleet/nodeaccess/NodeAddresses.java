package io.certfleet.nodeaccess;

import io.certfleet.nodeagent.NodeTarget;
import java.util.Optional;

/** Where a node answers SSH: its address (an InternalIP or a resolvable name), by node. */
@FunctionalInterface
public interface NodeAddresses {

    /** Empty when the node's address is not known: the node is then unreachable over SSH. */
    Optional<String> address(NodeTarget target);
}
