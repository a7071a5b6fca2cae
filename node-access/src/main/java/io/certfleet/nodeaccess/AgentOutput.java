package io.certfleet.nodeaccess;

import io.certfleet.nodeagent.NodeAgentException;
import io.certfleet.nodeagent.NodeJson;
import io.certfleet.nodeagent.NodeResponse;
import java.util.Optional;

/**
 * The node agent's answer in what a remote run printed. The agent writes exactly one JSON line to standard
 * output, but a pod log also holds standard error (JVM warnings), so the last line that reads as a {@link
 * NodeResponse} is the answer.
 */
final class AgentOutput {
    private AgentOutput() {}

    static Optional<NodeResponse> lastResponse(String output) {
        if (output == null || output.isEmpty()) {
            return Optional.empty();
        }
        String[] lines = output.split("\\R");
        for (int i = lines.length - 1; i >= 0; i--) {
            String line = lines[i].strip();
            if (!line.startsWith("{")) {
                continue;
            }
            try {
                return Optional.of(NodeJson.readResponse(line));
            } catch (NodeAgentException e) {
                // not the agent's answer (a JSON log line of something else): look further up
            }
        }
        return Optional.empty();
    }
}
