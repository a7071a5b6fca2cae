package io.certfleet.renewal.domain.execution;

import java.util.Objects;
import java.util.Optional;

/**
 * Why a renewal stopped.
 *
 * @param step the step, e.g. {@code RENEW}, or {@code START} / {@code POLICY} / {@code CANCEL}
 * @param node the node it stopped on, when node-specific
 * @param reason for people, without secrets
 * @param retryable whether retrying the same step can succeed
 * @param backupLocation the node-local backup to restore from, when one was taken
 */
public record RenewalFailure(
        String step, Optional<String> node, String reason, boolean retryable, Optional<String> backupLocation) {
    public RenewalFailure {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(backupLocation, "backupLocation");
    }
}
