package io.certfleet.nodeagent;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.Objects;

/**
 * The answer of a node agent: {@code {"status":"OK","result":{"operation":...}}} when the operation
 * ran, {@code {"status":"ERROR","operation":...,"error":{"reason","retryable","message"}}} when it could
 * not. {@link #exitCode()} is the agent process's exit code.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "status")
@JsonSubTypes({
    @JsonSubTypes.Type(value = NodeResponse.Completed.class, name = "OK"),
    @JsonSubTypes.Type(value = NodeResponse.Failed.class, name = "ERROR")
})
public sealed interface NodeResponse {

    /** The operation ran; its result may still report failures ({@link OperationResult#succeeded()}). */
    record Completed(OperationResult result) implements NodeResponse {
        public Completed {
            Objects.requireNonNull(result, "result");
        }

        @Override
        @JsonIgnore
        public Operation operation() {
            return result.operation();
        }
    }

    /**
     * The operation could not run (or stopped as a whole).
     *
     * @param operation null when the request itself could not be read
     */
    record Failed(Operation operation, NodeError error) implements NodeResponse {
        public Failed {
            Objects.requireNonNull(error, "error");
        }
    }

    /** The operation answered; null when the request could not be read. */
    Operation operation();

    /** 0: done as asked; 1: ran with failures or could not run; 2: the request was invalid. */
    @JsonIgnore
    default int exitCode() {
        return switch (this) {
            case Completed completed -> completed.result().succeeded() ? 0 : 1;
            case Failed failed -> failed.error().reason() == FailureReason.INVALID_INPUT ? 2 : 1;
        };
    }
}
