package io.certfleet.renewal.domain.execution;

import java.time.Instant;
import java.util.Objects;

/** How running a step ended. */
public sealed interface StepOutcome {

    /** Done; the result is recorded. */
    record Done(StepResult result) implements StepOutcome {
        public Done {
            Objects.requireNonNull(result, "result");
        }
    }

    /** Nothing to do for this cluster (e.g. it has no management cluster to refresh a Secret in). */
    record Skipped(String reason) implements StepOutcome {
        public Skipped {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /** Not finished yet, and that is expected (a rollout in progress): look again at {@code until}. */
    record Waiting(Instant until, String note) implements StepOutcome {
        public Waiting {
            Objects.requireNonNull(until, "until");
            Objects.requireNonNull(note, "note");
        }
    }

    /** Failed; whether a retry helps is in the reason. */
    record Failed(FailureReason reason, String message) implements StepOutcome {
        public Failed {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(message, "message");
        }

        public boolean retryable() {
            return reason.retryHelps();
        }
    }
}
