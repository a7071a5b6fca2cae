package io.certfleet.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What renewal-service says about renewals the demo is still waiting for: state, and the step each one is at with
 * its attempts and note. Printed when the renewal stage runs out of time, so the reason is on the screen.
 */
final class DemoRenewals {
    private static final Set<String> OPEN = Set.of("REQUESTED", "AWAITING_APPROVAL", "SCHEDULED", "RUNNING");

    private final ServiceApi renewal;

    DemoRenewals(ServiceProcess renewal) {
        this.renewal = new ServiceApi(renewal);
    }

    /** One line per open renewal, or why they could not be listed. */
    List<String> describeOpen() {
        List<String> lines = new ArrayList<>();
        try {
            for (JsonNode view : renewal.get("/renewals?limit=500")) {
                String state = view.path("state").asText();
                if (OPEN.contains(state)) {
                    lines.add(describe(view));
                }
            }
        } catch (DemoException e) {
            lines.add("(cannot list the renewals: " + e.getMessage() + ")");
        }
        return lines;
    }

    private String describe(JsonNode view) {
        String id = view.path("id").asText();
        StringBuilder line = new StringBuilder()
                .append(view.path("clusterId").asText())
                .append(" renewal ")
                .append(id)
                .append(": ")
                .append(view.path("state").asText())
                .append(" (")
                .append(view.path("strategy").asText())
                .append(", access ")
                .append(view.path("access").asText())
                .append(')');
        JsonNode detail = renewal.get("/renewals/" + id);
        for (JsonNode step : detail.path("steps")) {
            String stepState = step.path("state").asText();
            if (!stepState.equals("DONE") && !stepState.equals("SKIPPED")) {
                line.append(", at step ")
                        .append(step.path("seq").asInt())
                        .append(' ')
                        .append(step.path("kind").asText());
                if (!step.path("node").isNull() && !step.path("node").isMissingNode()) {
                    line.append('@').append(step.path("node").asText());
                }
                line.append(' ')
                        .append(stepState)
                        .append(", attempt ")
                        .append(step.path("attempts").asInt());
                if (step.hasNonNull("note")) {
                    line.append(": ").append(step.path("note").asText());
                }
                return line.toString();
            }
        }
        if (view.hasNonNull("startNote")) {
            return line.append(": ").append(view.path("startNote").asText()).toString();
        }
        if (view.hasNonNull("reason")) {
            line.append(": ").append(view.path("reason").asText());
        }
        return line.toString();
    }
}
