package io.certfleet.renewal.application;

import io.certfleet.nodeagent.NodeResponse;
import io.certfleet.nodeagent.OperationResult;
import io.certfleet.renewal.domain.execution.FailureReason;
import io.certfleet.renewal.domain.execution.StepOutcome;

/** Reading node-agent answers: the result expected, or the step failure the agent's error means. */
public final class NodeOutcomes {
    private NodeOutcomes() {}

    /** Thrown by {@link #result} to end a step with this outcome. */
    static final class NodeStepFailure extends RuntimeException {
        private final StepOutcome.Failed outcome;

        NodeStepFailure(StepOutcome.Failed outcome) {
            super(outcome.message(), null, false, false);
            this.outcome = outcome;
        }

        StepOutcome.Failed outcome() {
            return outcome;
        }
    }

    public static FailureReason reason(io.certfleet.nodeagent.FailureReason reason) {
        return switch (reason) {
            case TRANSIENT -> FailureReason.TRANSIENT;
            case UNREACHABLE -> FailureReason.UNREACHABLE;
            case INVALID_INPUT -> FailureReason.INVALID_INPUT;
            case POLICY -> FailureReason.POLICY;
        };
    }

    /**
     * @param what what was asked, for the failure message ("BACKUP on cp-1")
     * @throws NodeStepFailure when the agent could not run the operation
     */
    static <T extends OperationResult> T result(NodeResponse response, Class<T> type, String what) {
        return switch (response) {
            case NodeResponse.Completed completed
            when type.isInstance(completed.result()) -> type.cast(completed.result());
            case NodeResponse.Completed completed ->
                throw new NodeStepFailure(new StepOutcome.Failed(
                        FailureReason.INVALID_INPUT,
                        what + " answered " + completed.result().operation()));
            case NodeResponse.Failed failed ->
                throw new NodeStepFailure(new StepOutcome.Failed(
                        reason(failed.error().reason()),
                        what + ": " + failed.error().message()));
        };
    }
}
