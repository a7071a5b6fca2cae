package io.certfleet.renewal.domain.policy;

import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.RenewalStrategy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Decides what to do about a certificate that crossed an expiry threshold: renew now, postpone to the cluster's next
 * maintenance window, wait for a person's approval, hand over to an upgrade already planned, or nothing — each with
 * the reason. Pure: the inputs and the injected clock decide.
 *
 * <p>The order of the questions matters: a CA is never renewed here (and an expired CA refuses the renewal outright,
 * since its leaves would not verify); the kubelet's own certificates are the kubelet's business; an upgrade that
 * finishes before expiry makes a renewal redundant; then the first rule whose selector matches the cluster's labels
 * says whether a person must approve and which windows apply, the defaults filling what it leaves open. A certificate
 * that would expire before the next window opens (less {@link PolicyDefaults#expiryMargin()}) is not postponed.
 */
public final class RenewalPolicy {
    private static final Set<String> AUTHORITIES = Set.of("ca", "etcd-ca", "front-proxy-ca");
    private static final Set<String> KUBELET_OWN = Set.of("kubelet-client", "kubelet-serving");

    private final PolicyDefaults defaults;
    private final List<PolicyRule> rules;
    private final Clock clock;

    /**
     * @param rules in the order they are tried; the first match wins
     */
    public RenewalPolicy(PolicyDefaults defaults, List<PolicyRule> rules, Clock clock) {
        this.defaults = Objects.requireNonNull(defaults, "defaults");
        this.rules = List.copyOf(rules);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** When a renewal may run: now (possibly inside an open window) or at a later window. */
    public sealed interface Timing {
        String why();

        Optional<MaintenanceWindow.Opening> window();

        record Now(Optional<MaintenanceWindow.Opening> window, String why) implements Timing {}

        record AtWindow(MaintenanceWindow.Opening opening, String why) implements Timing {
            @Override
            public Optional<MaintenanceWindow.Opening> window() {
                return Optional.of(opening);
            }
        }
    }

    /**
     * @param expiry what the scanner saw
     * @param cluster what the inventory knows about the cluster
     * @param plannedUpgrade the cluster's planned upgrade, if any
     */
    public RenewalDecision decide(
            ExpiryDetected expiry, ClusterFacts cluster, Optional<PlannedUpgrade> plannedUpgrade) {
        Instant now = clock.instant();
        boolean expired = !expiry.notAfter().isAfter(now);
        String what = describe(expiry) + " is " + expiry.severity() + ": " + timeLeft(expiry.notAfter(), now);
        String name = name(expiry);

        if (AUTHORITIES.contains(name)) {
            if (expired) {
                return new RenewalDecision.Refuse(
                        what + "; a renewal never starts on an expired CA (the certificates"
                                + " it signs would not verify): the CA must be rotated by a person, kubeadm does not renew CAs");
            }
            return new RenewalDecision.Noop(what + "; certfleet renews the certificates this CA signs, not the CA"
                    + " itself: plan a CA rotation before " + expiry.notAfter());
        }
        if (KUBELET_OWN.contains(name)) {
            return new RenewalDecision.Noop(what + "; the kubelet rotates its own certificates (rotateCertificates);"
                    + " kubelet-serving CSRs are approved by the CSR approver (" + RenewalStrategy.KUBELET_SERVING_CSR
                    + ")");
        }

        Resolved policy = resolve(cluster);
        RenewalStrategy strategy = policy.strategy().orElse(strategyFor(cluster.flavour()));
        NodeAccessPath access = NodeAccessPath.API;
        String how;
        if (expired && name.equals("apiserver")) {
            // the API is unreachable: nothing can be scheduled through it, and a rollout cannot reach the cluster
            access = NodeAccessPath.BREAK_GLASS;
            if (strategy == RenewalStrategy.CAPI_ROLLOUT) {
                strategy = RenewalStrategy.KUBEADM_IN_PLACE;
                how = "the API server certificate has expired, so a Cluster API rollout cannot reach the cluster:"
                        + " renewed in place, node by node, over SSH (break-glass)";
            } else {
                how = strategy + " over SSH (break-glass: the API server certificate has expired)";
            }
        } else {
            how = strategy + policy.strategySource(cluster.flavour());
        }

        if (plannedUpgrade.isPresent() && !expired) {
            PlannedUpgrade upgrade = plannedUpgrade.get();
            if (upgrade.expectedBy().isBefore(expiry.notAfter().minus(defaults.expiryMargin()))) {
                return new RenewalDecision.ViaUpgrade(
                        upgrade.upgradeId(),
                        what + "; upgrade " + upgrade.upgradeId() + " is expected to finish by " + upgrade.expectedBy()
                                + ", before expiry, and kubeadm upgrade renews every certificate");
            }
        }

        Timing timing = timing(policy.schedule(), expiry.notAfter(), now);
        if (policy.approvalRequired()) {
            return new RenewalDecision.AwaitApproval(
                    strategy,
                    access,
                    timing.window(),
                    what + "; " + how + "; waits for approval (" + policy.approvalSource() + "); then " + timing.why()
                            + inventoryNote(cluster));
        }
        String reason = what + "; " + how + "; " + timing.why() + inventoryNote(cluster);
        return switch (timing) {
            case Timing.Now n -> new RenewalDecision.RenewNow(strategy, access, n.window(), reason);
            case Timing.AtWindow w -> new RenewalDecision.Postpone(strategy, access, w.opening(), reason);
        };
    }

    /** When a renewal of this cluster expiring at {@code notAfter} may run, from now (e.g. once it is approved). */
    public Timing timing(ClusterFacts cluster, Instant notAfter) {
        return timing(resolve(cluster).schedule(), notAfter, clock.instant());
    }

    /** Whether renewals of this cluster wait for a person's approval. */
    public boolean approvalRequired(ClusterFacts cluster) {
        return resolve(cluster).approvalRequired();
    }

    private static String inventoryNote(ClusterFacts cluster) {
        return cluster.known()
                ? ""
                : "; the cluster is not in renewal-service's inventory yet, so it cannot run until it is added";
    }

    private Timing timing(MaintenanceSchedule schedule, Instant notAfter, Instant now) {
        if (schedule.isAnyTime()) {
            return new Timing.Now(Optional.empty(), "runs as soon as a worker is free (no maintenance window)");
        }
        Optional<MaintenanceWindow.Opening> open = schedule.openAt(now);
        if (open.isPresent()) {
            return new Timing.Now(
                    open,
                    "runs now, inside the maintenance window (" + schedule + ") until "
                            + open.get().end());
        }
        MaintenanceWindow.Opening next = schedule.nextOpeningAfter(now);
        if (!notAfter.isAfter(now)) {
            return new Timing.Now(
                    Optional.empty(),
                    "runs now: already expired, not waiting for the next window (" + schedule + ") at " + next.start());
        }
        if (next.start().isAfter(notAfter.minus(defaults.expiryMargin()))) {
            return new Timing.Now(
                    Optional.empty(),
                    "runs now: the next maintenance window (" + schedule + ") opens " + next.start()
                            + ", too close to expiry (margin " + human(defaults.expiryMargin()) + ")");
        }
        return new Timing.AtWindow(
                next, "postponed to the next maintenance window (" + schedule + ") opening " + next.start());
    }

    private record Resolved(
            Optional<PolicyRule> rule,
            boolean approvalRequired,
            MaintenanceSchedule schedule,
            Optional<RenewalStrategy> strategy) {
        String approvalSource() {
            return rule.filter(r -> r.approvalRequired().isPresent())
                    .map(r -> "rule " + r.name() + " for " + r.selector())
                    .orElse("default");
        }

        String strategySource(ClusterFlavour flavour) {
            return rule.filter(r -> r.strategy().isPresent())
                    .map(r -> " (rule " + r.name() + ")")
                    .orElse(" (" + flavour + " cluster)");
        }
    }

    private Resolved resolve(ClusterFacts cluster) {
        Optional<PolicyRule> rule = rules.stream()
                .filter(r -> r.selector().matches(cluster.labels()))
                .findFirst();
        return new Resolved(
                rule,
                rule.flatMap(PolicyRule::approvalRequired).orElse(defaults.approvalRequired()),
                rule.flatMap(PolicyRule::schedule).orElse(defaults.schedule()),
                rule.flatMap(PolicyRule::strategy));
    }

    /** The strategy a cluster of this flavour is renewed with (DESIGN §5). */
    public static RenewalStrategy strategyFor(ClusterFlavour flavour) {
        return switch (flavour) {
            case CLUSTER_API, TKG -> RenewalStrategy.CAPI_ROLLOUT;
            case KUBEADM, ANTHOS_BARE_METAL, OTHER -> RenewalStrategy.KUBEADM_IN_PLACE;
        };
    }

    /** The kubeadm name of the certificate, or one derived from its location ({@code etcd/ca.crt} is etcd-ca). */
    static String name(ExpiryDetected expiry) {
        if (expiry.kubeadmName() != null) {
            return expiry.kubeadmName();
        }
        String location = expiry.location();
        if (location.endsWith("/pki/ca.crt")) {
            return "ca";
        }
        if (location.endsWith("/pki/etcd/ca.crt")) {
            return "etcd-ca";
        }
        if (location.endsWith("/pki/front-proxy-ca.crt")) {
            return "front-proxy-ca";
        }
        if (location.contains("/var/lib/kubelet/pki/kubelet-client")) {
            return "kubelet-client";
        }
        if (location.contains("/var/lib/kubelet/pki/")) {
            return "kubelet-serving";
        }
        if (location.endsWith("/pki/apiserver.crt")) {
            return "apiserver";
        }
        return location;
    }

    /** "apiserver on cp-1", or the location when it has no kubeadm name. */
    public static String describe(ExpiryDetected expiry) {
        String what = expiry.kubeadmName() != null ? expiry.kubeadmName() : expiry.location();
        return what + (expiry.nodeName() != null ? " on " + expiry.nodeName() : "");
    }

    /** "expires 2026-11-25T14:00:00Z (3d 4h left)" or "expired 2026-11-20T00:00:00Z". */
    public static String timeLeft(Instant notAfter, Instant now) {
        Duration left = Duration.between(now, notAfter);
        if (left.isNegative() || left.isZero()) {
            return "expired " + notAfter;
        }
        long days = left.toDays();
        long hours = left.minusDays(days).toHours();
        return "expires " + notAfter + " (" + days + "d " + hours + "h left)";
    }

    private static String human(Duration duration) {
        if (duration.toHours() % 24 == 0 && duration.toDays() > 0) {
            return duration.toDays() + "d";
        }
        return duration.toHours() + "h";
    }
}
