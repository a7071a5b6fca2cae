package io.certfleet.renewal.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.events.RenewalStrategy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The policy walked through time: fresh → inside the window → too close to wait → expired. */
class RenewalPolicyTest {
    private static final String SHA = "51cc8efe6bac2673c04973ca0b0b60b5c13030c3de806c9ea5e7ca4448760f1e";
    // 2026-11-23 is a Monday; the window opens Saturday 2026-11-28 02:00 UTC
    private static final Instant MONDAY = Instant.parse("2026-11-23T10:00:00Z");
    private static final Instant SATURDAY_IN_WINDOW = Instant.parse("2026-11-28T03:00:00Z");
    private static final Instant NEXT_WINDOW = Instant.parse("2026-11-28T02:00:00Z");

    private static final PolicyDefaults DEFAULTS =
            new PolicyDefaults(false, MaintenanceSchedule.parse(List.of("Sat 02:00-06:00 UTC")), Duration.ofDays(2));
    private static final PolicyRule PROD = new PolicyRule(
            "prod", LabelSelector.parse("environment=prod"), Optional.of(true), Optional.empty(), Optional.empty());
    private static final PolicyRule LAB = new PolicyRule(
            "lab",
            LabelSelector.parse("environment=lab"),
            Optional.empty(),
            Optional.of(MaintenanceSchedule.anyTime()),
            Optional.of(RenewalStrategy.EXTERNAL_CA));

    private static final ClusterFacts KUBEADM =
            new ClusterFacts("edge-07", true, ClusterFlavour.KUBEADM, Map.of("environment", "stage"));

    @Test
    void freshEnoughCertificateWaitsForTheNextWindow() {
        RenewalDecision decision = policy(MONDAY).decide(apiserver(MONDAY.plus(Duration.ofDays(20))), KUBEADM, none());

        assertThat(decision).isInstanceOfSatisfying(RenewalDecision.Postpone.class, postpone -> {
            assertThat(postpone.window().start()).isEqualTo(NEXT_WINDOW);
            assertThat(postpone.window().end()).isEqualTo(Instant.parse("2026-11-28T06:00:00Z"));
            assertThat(postpone.strategy()).isEqualTo(RenewalStrategy.KUBEADM_IN_PLACE);
            assertThat(postpone.access()).isEqualTo(NodeAccessPath.API);
        });
        assertThat(decision.reason())
                .isEqualTo("apiserver on cp-1 is WARNING: expires 2026-12-13T10:00:00Z (20d 0h left);"
                        + " KUBEADM_IN_PLACE (KUBEADM cluster); postponed to the next maintenance window"
                        + " (Sat 02:00-06:00 UTC) opening 2026-11-28T02:00:00Z");
    }

    @Test
    void insideTheWindowItRunsNow() {
        RenewalDecision decision =
                policy(SATURDAY_IN_WINDOW).decide(apiserver(MONDAY.plus(Duration.ofDays(20))), KUBEADM, none());

        assertThat(decision)
                .isInstanceOfSatisfying(
                        RenewalDecision.RenewNow.class,
                        now -> assertThat(now.window())
                                .map(MaintenanceWindow.Opening::start)
                                .contains(NEXT_WINDOW));
        assertThat(decision.reason()).contains("runs now, inside the maintenance window");
    }

    @Test
    void certificateExpiringBeforeTheWindowIsNotPostponed() {
        // expires Thursday: the Saturday window is after expiry less the 2-day margin
        RenewalDecision decision =
                policy(MONDAY).decide(apiserver(Instant.parse("2026-11-26T12:00:00Z")), KUBEADM, none());

        assertThat(decision)
                .isInstanceOfSatisfying(
                        RenewalDecision.RenewNow.class,
                        now -> assertThat(now.window()).isEmpty());
        assertThat(decision.reason())
                .contains("runs now: the next maintenance window (Sat 02:00-06:00 UTC) opens 2026-11-28T02:00:00Z,"
                        + " too close to expiry (margin 2d)");
    }

    @Test
    void expiredApiServerCertificateGoesBreakGlassAtOnce() {
        Instant later = Instant.parse("2026-11-30T10:00:00Z");
        RenewalDecision decision =
                policy(later).decide(apiserver(Instant.parse("2026-11-29T00:00:00Z")), KUBEADM, none());

        assertThat(decision).isInstanceOfSatisfying(RenewalDecision.RenewNow.class, now -> {
            assertThat(now.access()).isEqualTo(NodeAccessPath.BREAK_GLASS);
            assertThat(now.strategy()).isEqualTo(RenewalStrategy.KUBEADM_IN_PLACE);
        });
        assertThat(decision.reason())
                .contains(": expired 2026-11-29T00:00:00Z")
                .contains("over SSH (break-glass: the API server certificate has expired)")
                .contains("already expired, not waiting for the next window");
    }

    @Test
    void clusterApiClustersRollTheirControlPlaneUnlessTheApiIsAlreadyUnreachable() {
        ClusterFacts capi = new ClusterFacts("capi-1", true, ClusterFlavour.CLUSTER_API, Map.of());
        RenewalDecision fresh = policy(MONDAY).decide(apiserver(Instant.parse("2026-11-26T12:00:00Z")), capi, none());
        RenewalDecision expired = policy(Instant.parse("2026-11-30T10:00:00Z"))
                .decide(apiserver(Instant.parse("2026-11-29T00:00:00Z")), capi, none());

        assertThat(fresh)
                .isInstanceOfSatisfying(
                        RenewalDecision.RenewNow.class,
                        now -> assertThat(now.strategy()).isEqualTo(RenewalStrategy.CAPI_ROLLOUT));
        // seed 000: never roll on already expired certificates; seed 001: renew in place over SSH
        assertThat(expired).isInstanceOfSatisfying(RenewalDecision.RenewNow.class, now -> {
            assertThat(now.strategy()).isEqualTo(RenewalStrategy.KUBEADM_IN_PLACE);
            assertThat(now.access()).isEqualTo(NodeAccessPath.BREAK_GLASS);
        });
        assertThat(expired.reason()).contains("a Cluster API rollout cannot reach the cluster");
    }

    @Test
    void ruleRequiresApprovalAndKeepsTheDefaultWindow() {
        ClusterFacts prod = new ClusterFacts("prod-1", true, ClusterFlavour.KUBEADM, Map.of("environment", "prod"));

        RenewalDecision decision = policy(MONDAY).decide(apiserver(MONDAY.plus(Duration.ofDays(20))), prod, none());

        assertThat(decision)
                .isInstanceOfSatisfying(
                        RenewalDecision.AwaitApproval.class,
                        await -> assertThat(await.window())
                                .map(MaintenanceWindow.Opening::start)
                                .contains(NEXT_WINDOW));
        assertThat(decision.reason())
                .contains("waits for approval (rule prod for environment=prod); then postponed to the next");
        assertThat(policy(MONDAY).approvalRequired(prod)).isTrue();
        assertThat(policy(MONDAY).approvalRequired(KUBEADM)).isFalse();
    }

    @Test
    void ruleCanForceAStrategyAndLiftTheWindows() {
        ClusterFacts lab = new ClusterFacts("lab-1", true, ClusterFlavour.KUBEADM, Map.of("environment", "lab"));

        RenewalDecision decision = policy(MONDAY).decide(apiserver(MONDAY.plus(Duration.ofDays(20))), lab, none());

        assertThat(decision)
                .isInstanceOfSatisfying(
                        RenewalDecision.RenewNow.class,
                        now -> assertThat(now.strategy()).isEqualTo(RenewalStrategy.EXTERNAL_CA));
        assertThat(decision.reason()).contains("EXTERNAL_CA (rule lab)", "no maintenance window");
    }

    @Test
    void expiredCaIsRefusedAndAFreshOneIsNotRenewedHere() {
        ExpiryDetected expiredCa = expiry("/etc/kubernetes/pki/ca.crt", "ca", Instant.parse("2026-11-20T00:00:00Z"));
        ExpiryDetected etcdCa = expiry("/etc/kubernetes/pki/etcd/ca.crt", null, MONDAY.plus(Duration.ofDays(10)));

        assertThat(policy(MONDAY).decide(expiredCa, KUBEADM, none()))
                .isInstanceOfSatisfying(
                        RenewalDecision.Refuse.class,
                        refuse -> assertThat(refuse.reason()).contains("a renewal never starts on an expired CA"));
        assertThat(policy(MONDAY).decide(etcdCa, KUBEADM, none()))
                .isInstanceOfSatisfying(
                        RenewalDecision.Noop.class,
                        noop -> assertThat(noop.reason()).contains("not the CA itself"));
    }

    @Test
    void kubeletCertificatesAreTheKubeletsBusiness() {
        ExpiryDetected kubelet = expiry(
                "/var/lib/kubelet/pki/kubelet-client-current.pem", "kubelet-client", MONDAY.plus(Duration.ofDays(3)));

        assertThat(policy(MONDAY).decide(kubelet, KUBEADM, none()))
                .isInstanceOfSatisfying(
                        RenewalDecision.Noop.class,
                        noop -> assertThat(noop.reason()).contains("the kubelet rotates its own certificates"));
    }

    @Test
    void upgradeFinishingBeforeExpiryTakesTheRenewalOver() {
        ExpiryDetected expiry = apiserver(MONDAY.plus(Duration.ofDays(20)));
        Optional<PlannedUpgrade> soon = Optional.of(new PlannedUpgrade("up-1", MONDAY.plus(Duration.ofDays(3))));
        Optional<PlannedUpgrade> tooLate = Optional.of(new PlannedUpgrade("up-2", MONDAY.plus(Duration.ofDays(19))));

        assertThat(policy(MONDAY).decide(expiry, KUBEADM, soon))
                .isInstanceOfSatisfying(RenewalDecision.ViaUpgrade.class, via -> {
                    assertThat(via.upgradeId()).isEqualTo("up-1");
                    assertThat(via.reason()).contains("kubeadm upgrade renews every certificate");
                });
        assertThat(policy(MONDAY).decide(expiry, KUBEADM, tooLate)).isInstanceOf(RenewalDecision.Postpone.class);
    }

    @Test
    void clusterMissingFromTheInventoryIsDecidedButSaysItCannotRunYet() {
        ClusterFacts unknown = new ClusterFacts("ghost", false, ClusterFlavour.KUBEADM, Map.of());

        RenewalDecision decision =
                policy(MONDAY).decide(apiserver(Instant.parse("2026-11-26T12:00:00Z")), unknown, none());

        assertThat(decision).isInstanceOf(RenewalDecision.RenewNow.class);
        assertThat(decision.reason()).endsWith("cannot run until it is added");
    }

    @Test
    void timingAfterApprovalFollowsTheClock() {
        Instant notAfter = MONDAY.plus(Duration.ofDays(20));
        assertThat(policy(MONDAY).timing(KUBEADM, notAfter)).isInstanceOf(RenewalPolicy.Timing.AtWindow.class);
        assertThat(policy(SATURDAY_IN_WINDOW).timing(KUBEADM, notAfter)).isInstanceOf(RenewalPolicy.Timing.Now.class);
    }

    private static RenewalPolicy policy(Instant now) {
        return new RenewalPolicy(DEFAULTS, List.of(PROD, LAB), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static Optional<PlannedUpgrade> none() {
        return Optional.empty();
    }

    private static ExpiryDetected apiserver(Instant notAfter) {
        return expiry("/etc/kubernetes/pki/apiserver.crt", "apiserver", notAfter);
    }

    private static ExpiryDetected expiry(String location, String kubeadmName, Instant notAfter) {
        return new ExpiryDetected(
                "edge-07",
                "cp-1",
                location,
                kubeadmName,
                SHA,
                notAfter,
                notAfter.isAfter(MONDAY.plus(Duration.ofDays(7))) ? ExpirySeverity.WARNING : ExpirySeverity.CRITICAL,
                null,
                0,
                Map.of());
    }
}
