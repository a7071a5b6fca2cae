package io.certfleet.renewal.application;

import io.certfleet.events.CertificateRef;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.messaging.ClusterScope;
import io.certfleet.renewal.domain.execution.Renewal;
import io.certfleet.renewal.domain.execution.RenewalState;
import io.certfleet.renewal.domain.execution.RenewalStep;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where renewals, their certificates and their steps are kept (tables {@code renewal}, {@code renewal_certificate},
 * {@code renewal_step}). Every method joins the caller's transaction, or runs in its own.
 */
public interface Renewals {

    /** The cluster's open renewal, if any (there is at most one). */
    Optional<Renewal> findOpen(String clusterId);

    Optional<Renewal> find(UUID id);

    /** The renewal, locked for update until the transaction ends. */
    Optional<Renewal> lock(UUID id);

    /**
     * @param scope only of clusters in it
     * @param clusterId only this cluster's, when present
     * @param state only in this state, when present
     * @param limit at most this many, newest first
     */
    List<Renewal> list(ClusterScope scope, Optional<String> clusterId, Optional<RenewalState> state, int limit);

    /**
     * A renewal of the same cluster, requested after this one, that has started: retrying this one would redo older
     * work over newer work.
     */
    Optional<Renewal> laterStarted(Renewal renewal);

    void add(Renewal renewal);

    /** Writes every field of the renewal (state, schedule, approval, progress, failure). */
    void update(Renewal renewal);

    /**
     * Records a certificate as part of the renewal.
     *
     * @return whether it was new to the renewal
     */
    boolean addCertificate(
            UUID renewalId,
            CertificateRef certificate,
            ExpirySeverity severity,
            Instant notAfter,
            String sourceEventId,
            Instant at);

    List<CertificateRef> certificates(UUID renewalId);

    /** The renewal's steps, in order. */
    List<RenewalStep> steps(UUID renewalId);

    void addSteps(String clusterId, List<RenewalStep> steps);

    /** Writes the step's state, attempts, times, result and note. */
    void updateStep(RenewalStep step);

    /** A renewal a worker holds: its id and the lease token that fences the worker's writes. */
    record Claim(UUID renewalId, String clusterId, long token) {}

    /**
     * Claims due renewals (SCHEDULED or RUNNING, {@code notBefore} passed, lease free or expired) for {@code owner},
     * skipping rows another instance is claiming at the same moment.
     */
    List<Claim> claimDue(String owner, Instant now, Duration lease, int limit);

    /** Whether {@code owner} still holds the claim (locks the renewal until the transaction ends). */
    boolean holds(Claim claim, String owner);

    /** Extends the leases {@code owner} holds on these renewals. */
    void extendLeases(String owner, Collection<UUID> renewalIds, Instant until);

    /** Gives a claim up, so any instance may take the renewal when it is due. */
    void release(Claim claim, String owner);
}
