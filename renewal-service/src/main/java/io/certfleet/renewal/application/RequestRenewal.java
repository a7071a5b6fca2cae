package io.certfleet.renewal.application;

import io.certfleet.events.CertificateRef;
import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.RenewalFailed;
import io.certfleet.events.RenewalStrategy;
import io.certfleet.messaging.ClusterScope;
import io.certfleet.messaging.Outbox;
import io.certfleet.renewal.domain.execution.Renewal;
import io.certfleet.renewal.domain.execution.RenewalFailure;
import io.certfleet.renewal.domain.execution.RenewalState;
import io.certfleet.renewal.domain.policy.ClusterFacts;
import io.certfleet.renewal.domain.policy.ClusterFlavour;
import io.certfleet.renewal.domain.policy.MaintenanceWindow;
import io.certfleet.renewal.domain.policy.NodeAccessPath;
import io.certfleet.renewal.domain.policy.RenewalDecision;
import io.certfleet.renewal.domain.policy.RenewalPolicy;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Use case: a certificate crossed an expiry threshold. The policy decides; a renewal to run becomes the cluster's open
 * renewal (or joins the one already open) and is announced with RenewalRequested, in the transaction of the event.
 */
@Singleton
public class RequestRenewal {
    /** {@code requestedBy} of renewals certfleet decides on its own. */
    public static final String POLICY = "policy";

    private static final Logger LOG = LoggerFactory.getLogger(RequestRenewal.class);

    private final Renewals renewals;
    private final Outbox outbox;
    private final RenewalPolicy policy;
    private final ClusterDirectory clusters;
    private final PlannedUpgrades upgrades;
    private final RenewalWakeUp wakeUp;
    private final Clock clock;

    RequestRenewal(
            Renewals renewals,
            Outbox outbox,
            RenewalPolicy policy,
            ClusterDirectory clusters,
            PlannedUpgrades upgrades,
            RenewalWakeUp wakeUp,
            Clock clock) {
        this.renewals = renewals;
        this.outbox = outbox;
        this.policy = policy;
        this.clusters = clusters;
        this.upgrades = upgrades;
        this.wakeUp = wakeUp;
        this.clock = clock;
    }

    /** Persists the decision's renewal and its event together, or neither. */
    @Transactional
    public RenewalDecision onExpiryDetected(String eventId, ExpiryDetected expiry) {
        Instant now = clock.instant();
        ClusterFacts facts = facts(expiry);
        RenewalDecision decision = policy.decide(expiry, facts, upgrades.find(expiry.clusterId()));
        CertificateRef certificate =
                new CertificateRef(expiry.nodeName(), expiry.location(), expiry.kubeadmName(), expiry.sha256());

        Optional<Renewal> open = lockedOpen(expiry.clusterId());
        if (open.isPresent()) {
            join(open.get(), decision, expiry, certificate, eventId, now);
            return decision;
        }
        // only certificates a renewal renews (never a CA: those decisions are Noop or Refuse)
        if (!(decision instanceof RenewalDecision.Noop) && !(decision instanceof RenewalDecision.Refuse)) {
            Optional<String> late = renewals
                    .list(ClusterScope.all(), Optional.of(expiry.clusterId()), Optional.of(RenewalState.COMPLETED), 1)
                    .stream()
                    .findFirst()
                    .flatMap(last -> last.alreadyRenewed(expiry));
            if (late.isPresent()) {
                RenewalDecision.Noop noop = new RenewalDecision.Noop(RenewalPolicy.describe(expiry) + " " + late.get());
                LOG.info("No renewal: {}", noop.reason());
                return noop;
            }
        }
        switch (decision) {
            case RenewalDecision.Noop noop -> LOG.info("No renewal: {}", noop.reason());
            case RenewalDecision.Refuse refuse -> {
                Renewal refused = renewal(expiry, certificate, eventId, now, decision, facts.labels(), false)
                        .in(RenewalState.REFUSED);
                RenewalFailure failure = new RenewalFailure(
                        "POLICY", Optional.ofNullable(expiry.nodeName()), refuse.reason(), false, Optional.empty());
                refused = refused.stopped(RenewalState.REFUSED, failure, now);
                store(refused, expiry, certificate, eventId, now);
                outbox.append(new RenewalFailed(
                        refused.id().toString(),
                        refused.clusterId(),
                        failure.step(),
                        expiry.nodeName(),
                        failure.reason(),
                        false,
                        null));
                LOG.warn("Renewal {} refused: {}", refused.id(), refuse.reason());
            }
            case RenewalDecision.ViaUpgrade via -> {
                Renewal handedOver = renewal(expiry, certificate, eventId, now, decision, facts.labels(), false)
                        .handedOverTo(via.upgradeId());
                store(handedOver, expiry, certificate, eventId, now);
                outbox.append(handedOver.requestedEvent());
                LOG.info("Renewal {} handed over to upgrade {}: {}", handedOver.id(), via.upgradeId(), via.reason());
            }
            case RenewalDecision.AwaitApproval await -> {
                Renewal awaiting = window(
                                renewal(expiry, certificate, eventId, now, decision, facts.labels(), true),
                                await.window())
                        .in(RenewalState.AWAITING_APPROVAL);
                store(awaiting, expiry, certificate, eventId, now);
                outbox.append(awaiting.requestedEvent());
                LOG.info("Renewal {} awaits approval: {}", awaiting.id(), await.reason());
            }
            case RenewalDecision.Postpone postpone -> {
                Renewal scheduled = window(
                                renewal(expiry, certificate, eventId, now, decision, facts.labels(), false),
                                Optional.of(postpone.window()))
                        .in(RenewalState.SCHEDULED);
                store(scheduled, expiry, certificate, eventId, now);
                outbox.append(scheduled.requestedEvent());
                LOG.info("Renewal {} scheduled: {}", scheduled.id(), postpone.reason());
            }
            case RenewalDecision.RenewNow renew -> {
                Renewal scheduled = window(
                                renewal(expiry, certificate, eventId, now, decision, facts.labels(), false),
                                renew.window())
                        .in(RenewalState.SCHEDULED);
                store(scheduled, expiry, certificate, eventId, now);
                outbox.append(scheduled.requestedEvent());
                wakeUp.afterCommit();
                LOG.info("Renewal {} requested: {}", scheduled.id(), renew.reason());
            }
        }
        return decision;
    }

    /**
     * The cluster's open renewal, locked until this transaction ends. The worker and the API move it on at the same
     * time, and {@link #join} writes the whole row: read without the lock, a state they had just committed (RUNNING,
     * an approval) would be written back over. A renewal that ended between the two reads is no longer open.
     */
    private Optional<Renewal> lockedOpen(String clusterId) {
        return renewals.findOpen(clusterId)
                .flatMap(seen -> renewals.lock(seen.id()))
                .filter(current -> current.state().isOpen());
    }

    /**
     * Another certificate of a cluster whose renewal is open: it is renewed with it (a renewal renews every leaf of
     * each control-plane node). A certificate closer to expiry can only bring a scheduled renewal forward.
     */
    private void join(
            Renewal open,
            RenewalDecision decision,
            ExpiryDetected expiry,
            CertificateRef certificate,
            String eventId,
            Instant now) {
        if (decision instanceof RenewalDecision.Noop || decision instanceof RenewalDecision.Refuse) {
            LOG.info(
                    "Renewal {} of the cluster is {}; this certificate needs nothing from it: {}",
                    open.id(),
                    open.state(),
                    decision.reason());
            return;
        }
        boolean added =
                renewals.addCertificate(open.id(), certificate, expiry.severity(), expiry.notAfter(), eventId, now);
        Renewal updated = open;
        if (expiry.notAfter().isBefore(open.notAfter())) {
            updated = updated.toBuilder().notAfter(expiry.notAfter()).build();
        }
        if (decision instanceof RenewalDecision.RenewNow
                && open.state() == RenewalState.SCHEDULED
                && open.notBefore().filter(now::isBefore).isPresent()) {
            updated = updated.scheduledFor(Optional.empty(), Optional.empty());
            LOG.info("Renewal {} brought forward: {}", open.id(), decision.reason());
        }
        if (!updated.equals(open)) {
            renewals.update(updated);
        }
        LOG.info(
                "{} {} renewal {} ({})",
                RenewalPolicy.describe(expiry),
                added ? "joins" : "is already part of",
                open.id(),
                open.state());
    }

    private ClusterFacts facts(ExpiryDetected expiry) {
        return clusters.find(expiry.clusterId())
                .map(profile -> {
                    // the inventory's labels win over what the scanner attached to the event
                    Map<String, String> labels = new HashMap<>(expiry.labels());
                    labels.putAll(profile.labels());
                    return new ClusterFacts(profile.id(), true, profile.flavour(), labels);
                })
                .orElseGet(() -> new ClusterFacts(expiry.clusterId(), false, ClusterFlavour.KUBEADM, expiry.labels()));
    }

    private void store(
            Renewal renewal, ExpiryDetected expiry, CertificateRef certificate, String eventId, Instant now) {
        renewals.add(renewal);
        renewals.addCertificate(renewal.id(), certificate, expiry.severity(), expiry.notAfter(), eventId, now);
    }

    private static Renewal renewal(
            ExpiryDetected expiry,
            CertificateRef certificate,
            String eventId,
            Instant now,
            RenewalDecision decision,
            Map<String, String> labels,
            boolean approvalRequired) {
        var strategy = switch (decision) {
            case RenewalDecision.RenewNow r -> r.strategy();
            case RenewalDecision.Postpone p -> p.strategy();
            case RenewalDecision.AwaitApproval a -> a.strategy();
            case RenewalDecision.ViaUpgrade v -> RenewalStrategy.VIA_UPGRADE;
            case RenewalDecision.Noop n -> RenewalStrategy.KUBEADM_IN_PLACE;
            case RenewalDecision.Refuse r -> RenewalStrategy.KUBEADM_IN_PLACE;
        };
        var access = switch (decision) {
            case RenewalDecision.RenewNow r -> r.access();
            case RenewalDecision.Postpone p -> p.access();
            case RenewalDecision.AwaitApproval a -> a.access();
            default -> NodeAccessPath.API;
        };
        return Renewal.requested(
                UUID.randomUUID(),
                expiry.clusterId(),
                certificate,
                expiry.severity(),
                expiry.notAfter(),
                strategy,
                access,
                decision.reason(),
                approvalRequired,
                POLICY,
                eventId,
                now,
                labels);
    }

    private static Renewal window(Renewal renewal, Optional<MaintenanceWindow.Opening> window) {
        return renewal.scheduledFor(
                window.map(MaintenanceWindow.Opening::start), window.map(MaintenanceWindow.Opening::end));
    }
}
