package io.certfleet.nodeagent;

import io.certfleet.nodeagent.runtime.CrictlContainerRuntime;
import io.certfleet.nodeagent.runtime.Pause;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The node agent as a process, for a Kubernetes Job pinned to the node or an SSH session: reads one
 * JSON {@link NodeRequest} from standard input (or {@code --request FILE}), writes one JSON {@link
 * NodeResponse} line to standard output, exits 0 (done), 1 (ran with failures, or could not run) or 2
 * (invalid request or arguments). Nothing else is written to standard output.
 *
 * <pre>
 * node-agent [--request FILE|-] [--root DIR] [--crictl PATH] [--pretty]
 * </pre>
 */
public final class NodeAgentMain {

    private NodeAgentMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs once; tests call this. */
    public static int run(String[] args, InputStream stdin, PrintStream stdout, PrintStream stderr) {
        String requestFile = "-";
        Path root = Path.of("/");
        String crictl = "crictl";
        boolean pretty = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--request", "--root", "--crictl" -> {
                    if (i + 1 >= args.length) {
                        return usage(stdout, stderr, arg + " needs a value");
                    }
                    String value = args[++i];
                    switch (arg) {
                        case "--request" -> requestFile = value;
                        case "--root" -> root = Path.of(value);
                        default -> crictl = value;
                    }
                }
                case "--pretty" -> pretty = true;
                case "-h", "--help" -> {
                    stderr.println(USAGE);
                    return 0;
                }
                default -> {
                    return usage(stdout, stderr, "unknown argument " + arg);
                }
            }
        }
        NodeResponse response;
        try {
            String json = requestFile.equals("-")
                    ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(Path.of(requestFile));
            NodeRequest request = NodeJson.readRequest(json);
            NodeAgent agent = new NodeAgent(
                    root,
                    new CrictlContainerRuntime(
                            List.of(crictl),
                            Map.of(),
                            5,
                            java.time.Duration.ofSeconds(2),
                            java.time.Duration.ofSeconds(60),
                            Pause.SLEEP),
                    Clock.systemUTC(),
                    Pause.SLEEP);
            response = agent.handle(request);
        } catch (NodeAgentException e) {
            response = new NodeResponse.Failed(null, NodeError.of(e.reason(), e.getMessage()));
        } catch (IOException e) {
            response = new NodeResponse.Failed(
                    null, NodeError.of(FailureReason.INVALID_INPUT, "cannot read the request: " + e.getMessage()));
        }
        stdout.println(pretty ? NodeJson.writePretty(response) : NodeJson.write(response));
        stdout.flush();
        return response.exitCode();
    }

    private static final String USAGE = "usage: node-agent [--request FILE|-] [--root DIR] [--crictl PATH] [--pretty]\n"
            + "  reads one JSON request (stdin by default), writes one JSON response to stdout;\n"
            + "  exit 0 done, 1 failed, 2 invalid request";

    private static int usage(PrintStream stdout, PrintStream stderr, String problem) {
        stderr.println("node-agent: " + problem);
        stderr.println(USAGE);
        NodeResponse response = new NodeResponse.Failed(null, NodeError.of(FailureReason.INVALID_INPUT, problem));
        stdout.println(NodeJson.write(response));
        return response.exitCode();
    }
}
