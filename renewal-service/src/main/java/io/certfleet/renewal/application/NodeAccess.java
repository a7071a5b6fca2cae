package io.certfleet.renewal.application;

import io.certfleet.nodeagent.NodeExecutor;
import io.certfleet.renewal.domain.policy.NodeAccessPath;

/**
 * How node-agent operations reach a renewal's nodes: through the API (a Job pinned to the node) normally, over SSH
 * when the API server's certificate has expired (break-glass). Adapters answer with node-agent's {@link NodeExecutor}.
 */
public interface NodeAccess {

    NodeExecutor executor(NodeAccessPath path);
}
