package io.certfleet.renewal.domain.execution;

import io.certfleet.events.CertificateRef;
import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.events.RenewalRequested;
import io.certfleet.events.RenewalStrategy;
import io.certfleet.renewal.domain.policy.NodeAccessPath;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * A renewal of the certificates of one cluster: at most one is open per cluster, and every certificate of the cluster
 * that crosses a threshold while it is open joins it.
 *
 * @param id the renewal id (also the {@code renewalId} of its events)
 * @param clusterId the cluster
 * @param certificate the certificate whose expiry caused it
 * @param severity how close to expiry that certificate was when the renewal was decided
 * @param notAfter the earliest expiry among its certificates
 * @param state where the renewal is
 * @param strategy how it is renewed
 * @param access how its nodes are reached
 * @param reason the decision's reason, in words for people
 * @param approvalRequired whether a person must approve before it runs
 * @param requestedBy who or what decided it ({@code policy} for automatic decisions)
 * @param sourceEventId the event that caused it
 * @param requestedAt when it was decided
 * @param labels the cluster's labels when it was decided
 * @param notBefore it does not start before this (a maintenance window, a retry backoff)
 * @param windowEnd the end of the maintenance window it was scheduled into
 * @param approvedBy who approved it
 * @param cancelRequestedBy who asked to cancel it while it ran (it stops before the next node, or while a node waits for
 *     the external signer)
 * @param nodes the nodes it touches, in order (known once it started)
 * @param startedAt when it started
 * @param finishedAt when it completed, failed or was cancelled
 * @param failure why it stopped
 * @param upgradeId the upgrade it was handed over to
 * @param startAttempts how many times its pre-flight failed with a reason a later attempt may not have
 * @param startNote what the last such attempt said, while it waits for the next
 */
public record Renewal(
        UUID id,
        String clusterId,
        CertificateRef certificate,
        ExpirySeverity severity,
        Instant notAfter,
        RenewalState state,
        RenewalStrategy strategy,
        NodeAccessPath access,
        String reason,
        boolean approvalRequired,
        String requestedBy,
        String sourceEventId,
        Instant requestedAt,
        Map<String, String> labels,
        Optional<Instant> notBefore,
        Optional<Instant> windowEnd,
        Optional<String> approvedBy,
        Optional<String> cancelRequestedBy,
        List<String> nodes,
        Optional<Instant> startedAt,
        Optional<Instant> finishedAt,
        Optional<RenewalFailure> failure,
        Optional<String> upgradeId,
        int startAttempts,
        Optional<String> startNote) {

    public Renewal {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(notAfter, "notAfter");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(sourceEventId, "sourceEventId");
        Objects.requireNonNull(requestedAt, "requestedAt");
        labels = Map.copyOf(labels);
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(windowEnd, "windowEnd");
        Objects.requireNonNull(approvedBy, "approvedBy");
        Objects.requireNonNull(cancelRequestedBy, "cancelRequestedBy");
        nodes = List.copyOf(nodes);
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(upgradeId, "upgradeId");
        if (startAttempts < 0) {
            throw new IllegalArgumentException("startAttempts must not be negative");
        }
        Objects.requireNonNull(startNote, "startNote");
    }

    /** A renewal just decided, before it is sorted into approval or schedule. */
    public static Renewal requested(
            UUID id,
            String clusterId,
            CertificateRef certificate,
            ExpirySeverity severity,
            Instant notAfter,
            RenewalStrategy strategy,
            NodeAccessPath access,
            String reason,
            boolean approvalRequired,
            String requestedBy,
            String sourceEventId,
            Instant requestedAt,
            Map<String, String> labels) {
        return new Renewal(
                id,
                clusterId,
                certificate,
                severity,
                notAfter,
                RenewalState.REQUESTED,
                strategy,
                access,
                reason,
                approvalRequired,
                requestedBy,
                sourceEventId,
                requestedAt,
                labels,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                List.of(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                0,
                Optional.empty());
    }

    /**
     * Why {@code expiry} was already taken care of by this renewal, if it was: the renewal completed, and started after
     * the scanner saw the certificate, on a node it renewed or in the cluster itself (the kubeconfig Secret). Such an
     * event arrives late (a backlog on the topic, a redelivery); acting on it would renew the cluster a second time.
     * The scan after the renewal reports what the nodes hold now; a certificate a completed renewal left in place, a
     * second one would leave too.
     *
     * <p>When the scanner saw it: {@code residualSeconds} is counted from that moment to {@code notAfter}.
     */
    public Optional<String> alreadyRenewed(ExpiryDetected expiry) {
        if (state != RenewalState.COMPLETED || startedAt.isEmpty()) {
            return Optional.empty();
        }
        Instant seen = expiry.notAfter().minusSeconds(expiry.residualSeconds());
        if (!seen.isBefore(startedAt.get())) {
            return Optional.empty();
        }
        if (expiry.nodeName() != null && !nodes.contains(expiry.nodeName())) {
            return Optional.empty();
        }
        return Optional.of("seen at " + seen + ", before renewal " + id + " started at " + startedAt.get()
                + "; that renewal completed" + finishedAt.map(at -> " at " + at).orElse("") + " on " + nodes
                + ": a late event about a certificate already renewed");
    }

    /** The same renewal in another state. */
    public Renewal in(RenewalState newState) {
        return toBuilder().state(newState).build();
    }

    /** The same renewal scheduled into a window (or at once, when both are empty). */
    public Renewal scheduledFor(Optional<Instant> start, Optional<Instant> end) {
        return toBuilder().notBefore(start).windowEnd(end).build();
    }

    /** The same renewal handed over to an upgrade. */
    public Renewal handedOverTo(String upgrade) {
        return toBuilder()
                .strategy(RenewalStrategy.VIA_UPGRADE)
                .upgradeId(Optional.of(upgrade))
                .state(RenewalState.HANDED_OVER)
                .build();
    }

    /** The same renewal, stopped for a reason (FAILED, REFUSED or CANCELLED as {@code state} says). */
    public Renewal stopped(RenewalState newState, RenewalFailure why, Instant at) {
        return toBuilder()
                .state(newState)
                .failure(Optional.of(why))
                .finishedAt(Optional.of(at))
                .build();
    }

    /** A copy to change some fields of. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes fields of a renewal; {@link #build()} checks them again. */
    public static final class Builder {
        private final Renewal from;
        private RenewalState state;
        private RenewalStrategy strategy;
        private NodeAccessPath access;
        private Instant notAfter;
        private Optional<Instant> notBefore;
        private Optional<Instant> windowEnd;
        private Optional<String> approvedBy;
        private Optional<String> cancelRequestedBy;
        private List<String> nodes;
        private Optional<Instant> startedAt;
        private Optional<Instant> finishedAt;
        private Optional<RenewalFailure> failure;
        private Optional<String> upgradeId;
        private int startAttempts;
        private Optional<String> startNote;

        private Builder(Renewal from) {
            this.from = from;
            this.state = from.state;
            this.strategy = from.strategy;
            this.access = from.access;
            this.notAfter = from.notAfter;
            this.notBefore = from.notBefore;
            this.windowEnd = from.windowEnd;
            this.approvedBy = from.approvedBy;
            this.cancelRequestedBy = from.cancelRequestedBy;
            this.nodes = from.nodes;
            this.startedAt = from.startedAt;
            this.finishedAt = from.finishedAt;
            this.failure = from.failure;
            this.upgradeId = from.upgradeId;
            this.startAttempts = from.startAttempts;
            this.startNote = from.startNote;
        }

        public Builder state(RenewalState value) {
            this.state = value;
            return this;
        }

        public Builder strategy(RenewalStrategy value) {
            this.strategy = value;
            return this;
        }

        public Builder access(NodeAccessPath value) {
            this.access = value;
            return this;
        }

        public Builder notAfter(Instant value) {
            this.notAfter = value;
            return this;
        }

        public Builder notBefore(Optional<Instant> value) {
            this.notBefore = value;
            return this;
        }

        public Builder windowEnd(Optional<Instant> value) {
            this.windowEnd = value;
            return this;
        }

        public Builder approvedBy(Optional<String> value) {
            this.approvedBy = value;
            return this;
        }

        public Builder cancelRequestedBy(Optional<String> value) {
            this.cancelRequestedBy = value;
            return this;
        }

        public Builder nodes(List<String> value) {
            this.nodes = value;
            return this;
        }

        public Builder startedAt(Optional<Instant> value) {
            this.startedAt = value;
            return this;
        }

        public Builder finishedAt(Optional<Instant> value) {
            this.finishedAt = value;
            return this;
        }

        public Builder failure(Optional<RenewalFailure> value) {
            this.failure = value;
            return this;
        }

        public Builder upgradeId(Optional<String> value) {
            this.upgradeId = value;
            return this;
        }

        public Builder startAttempts(int value) {
            this.startAttempts = value;
            return this;
        }

        public Builder startNote(Optional<String> value) {
            this.startNote = value;
            return this;
        }

        public Renewal build() {
            return new Renewal(
                    from.id,
                    from.clusterId,
                    from.certificate,
                    from.severity,
                    notAfter,
                    state,
                    strategy,
                    access,
                    from.reason,
                    from.approvalRequired,
                    from.requestedBy,
                    from.sourceEventId,
                    from.requestedAt,
                    from.labels,
                    notBefore,
                    windowEnd,
                    approvedBy,
                    cancelRequestedBy,
                    nodes,
                    startedAt,
                    finishedAt,
                    failure,
                    upgradeId,
                    startAttempts,
                    startNote);
        }
    }

    /** The event announcing this renewal. */
    public RenewalRequested requestedEvent() {
        return new RenewalRequested(
                id.toString(),
                clusterId,
                List.of(certificate),
                strategy,
                reason,
                requestedBy,
                notBefore.orElse(null),
                windowEnd.orElse(null),
                approvalRequired);
    }
}
