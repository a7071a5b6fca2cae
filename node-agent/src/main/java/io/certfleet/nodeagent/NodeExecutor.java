package io.certfleet.nodeagent;

/**
 * The port services use to run a node agent operation on a node (DESIGN §4). Adapters: {@link
 * LocalNodeExecutor} (in-process, a directory per node: the simulator, the demo, tests); a Kubernetes
 * Job pinned to the node and SSH (break-glass) come with the services that need them. An adapter
 * never throws for a failed operation: a node it cannot reach is a {@link NodeResponse.Failed} with
 * {@link FailureReason#UNREACHABLE}.
 */
public interface NodeExecutor {

    NodeResponse execute(NodeTarget target, NodeRequest request);
}
