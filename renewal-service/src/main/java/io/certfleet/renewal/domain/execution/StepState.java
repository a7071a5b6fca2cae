package io.certfleet.renewal.domain.execution;

/** Where a step is. A step found RUNNING by a worker that did not start it was interrupted and runs again. */
public enum StepState {
    PENDING,
    RUNNING,
    DONE,
    SKIPPED,
    FAILED;

    public boolean finished() {
        return this == DONE || this == SKIPPED;
    }
}
