package io.certfleet.nodeagent;

import java.util.Objects;

/** Which node of which cluster an operation is for. */
public record NodeTarget(String clusterId, String nodeName) {
    public NodeTarget {
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(nodeName, "nodeName");
    }

    @Override
    public String toString() {
        return clusterId + "/" + nodeName;
    }
}
