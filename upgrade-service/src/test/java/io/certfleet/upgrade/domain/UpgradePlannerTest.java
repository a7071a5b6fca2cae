package io.certfleet.upgrade.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.events.UpgradeRequested;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpgradePlannerTest {
    private final UpgradePlanner planner = new UpgradePlanner();

    @Test
    void minorVersionsAreNeverSkipped() {
        UpgradeDecision decision = planner.plan(request("v1.29.7", "v1.32.3"), false);

        assertThat(decision).isInstanceOfSatisfying(UpgradeDecision.Planned.class, planned -> {
            assertThat(planned.plan().hops()).containsExactly("v1.30", "v1.31", "v1.32.3");
            assertThat(planned.plan().steps()).isEmpty();
            assertThat(planned.reason()).startsWith("v1.29.7 to v1.32.3 in 3 hops (v1.30 -> v1.31 -> v1.32.3)");
        });
    }

    @Test
    void nextMinorAndPatchUpgradesAreOneHop() {
        assertThat(hops(planner.plan(request("v1.30.8", "v1.31.2"), false))).containsExactly("v1.31.2");
        assertThat(hops(planner.plan(request("1.31.0", "1.31.4"), false))).containsExactly("v1.31.4");
    }

    @Test
    void downgradesMajorJumpsAndNonVersionsAreRejectedWithAReason() {
        assertThat(planner.plan(request("v1.31.2", "v1.30.9"), false).reason())
                .isEqualTo("target v1.30.9 is not newer than v1.31.2: kubeadm does not downgrade");
        assertThat(planner.plan(request("v1.31.2", "v1.31.2"), false)).isInstanceOf(UpgradeDecision.Rejected.class);
        assertThat(planner.plan(request("v1.31.2", "v2.0.0"), false).reason())
                .isEqualTo("cannot upgrade across major versions (v1.31.2 to v2.0.0)");
        assertThat(planner.plan(request("latest", "v1.31.2"), false).reason())
                .isEqualTo("fromVersion 'latest' is not a Kubernetes version like v1.31.2");
        assertThat(planner.plan(request("v1.30.1", "v1.31.0-rc.1"), false))
                .isInstanceOf(UpgradeDecision.Rejected.class);
    }

    @Test
    void anUpgradeIdIsPlannedOnce() {
        assertThat(planner.plan(request("v1.30.8", "v1.31.2"), true))
                .isEqualTo(new UpgradeDecision.AlreadyPlanned("upg-1", "upgrade upg-1 is already planned"));
    }

    private static List<String> hops(UpgradeDecision decision) {
        return ((UpgradeDecision.Planned) decision).plan().hops();
    }

    private static UpgradeRequested request(String from, String to) {
        return new UpgradeRequested("upg-1", "prod-eu-west-1", from, to, "chatops:alice", "support ends");
    }
}
