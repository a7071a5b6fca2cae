package io.certfleet.notifier.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.events.CertificateRef;
import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.events.RenewalFailed;
import io.certfleet.events.RenewalRequested;
import io.certfleet.events.RenewalStrategy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NotificationRulesTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final String SHA = "51cc8efe6bac2673c04973ca0b0b60b5c13030c3de806c9ea5e7ca4448760f1e";
    private final NotificationRules rules = new NotificationRules(Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void expiryOpensOneNotificationPerProblem() {
        NotificationDecision first = rules.onExpiry("e1", expiry(ExpirySeverity.CRITICAL), false);

        assertThat(first).isInstanceOfSatisfying(NotificationDecision.Open.class, open -> {
            assertThat(open.notification().title()).isEqualTo("apiserver on cp-1 in prod is CRITICAL");
            assertThat(open.notification().detail())
                    .isEqualTo("/etc/kubernetes/pki/apiserver.crt expires at 2026-12-01T08:19:03Z");
            assertThat(open.notification().occurrences()).isEqualTo(1);
            assertThat(open.notification().firstSeenAt()).isEqualTo(NOW);
        });
        assertThat(rules.onExpiry("e2", expiry(ExpirySeverity.CRITICAL), true))
                .isEqualTo(
                        new NotificationDecision.Repeat(first.problemKey(), "already notified: " + first.problemKey()));
    }

    @Test
    void worseSeverityIsANewProblem() {
        assertThat(NotificationRules.problemKey(expiry(ExpirySeverity.WARNING)))
                .isNotEqualTo(NotificationRules.problemKey(expiry(ExpirySeverity.CRITICAL)))
                .isEqualTo("expiry|prod|cp-1|/etc/kubernetes/pki/apiserver.crt|WARNING");
    }

    @Test
    void aFailedRenewalIsCriticalOnceWithWhatToDoAndWhereTheBackupIs() {
        RenewalFailed failed = new RenewalFailed(
                "ren-2",
                "prod",
                "VERIFY",
                "cp-2",
                "VERIFY on cp-2 after 20 handshakes: kube-apiserver still serves the old certificate",
                true,
                "/etc/kubernetes/tmp/certfleet-backup-ren-2-1");

        NotificationDecision decision = rules.onRenewalFailed("e4", failed, false);

        assertThat(decision).isInstanceOfSatisfying(NotificationDecision.Open.class, open -> {
            assertThat(open.notification().kind()).isEqualTo(NotificationKind.RENEWAL_FAILED);
            assertThat(open.notification().severity()).isEqualTo("CRITICAL");
            assertThat(open.notification().title()).isEqualTo("Renewal ren-2 in prod failed at VERIFY on cp-2");
            assertThat(open.notification().detail())
                    .isEqualTo("VERIFY on cp-2 after 20 handshakes: kube-apiserver still serves the old certificate."
                            + " A retry may help: POST /renewals/ren-2/retry."
                            + " The node's configuration before the renewal is in"
                            + " /etc/kubernetes/tmp/certfleet-backup-ren-2-1 on cp-2.");
        });
        assertThat(rules.onRenewalFailed("e5", failed, true)).isInstanceOf(NotificationDecision.Repeat.class);
        assertThat(NotificationRules.problemKey(failed)).isEqualTo("renewal-failed|prod|ren-2");
    }

    @Test
    void aCancelledRenewalIsInformation() {
        RenewalFailed cancelled =
                new RenewalFailed("ren-3", "prod", "CANCEL", null, "cancelled by alice: change freeze", false, null);

        assertThat(rules.onRenewalFailed("e6", cancelled, false))
                .isInstanceOfSatisfying(NotificationDecision.Open.class, open -> {
                    assertThat(open.notification().severity()).isEqualTo("INFO");
                    assertThat(open.notification().title()).isEqualTo("Renewal ren-3 in prod was cancelled");
                    assertThat(open.notification().detail()).isEqualTo("cancelled by alice: change freeze.");
                });
    }

    @Test
    void renewalNeedingApprovalSaysSo() {
        RenewalRequested renewal = new RenewalRequested(
                "ren-1",
                "prod",
                List.of(new CertificateRef("cp-1", "/etc/kubernetes/pki/apiserver.crt", "apiserver", SHA)),
                RenewalStrategy.KUBEADM_IN_PLACE,
                "apiserver expires in 8 days",
                "policy",
                null,
                null,
                true);

        NotificationDecision decision = rules.onRenewalRequested("e3", renewal, false);

        assertThat(decision).isInstanceOfSatisfying(NotificationDecision.Open.class, open -> {
            assertThat(open.notification().severity()).isEqualTo("APPROVAL_REQUIRED");
            assertThat(open.notification().title())
                    .isEqualTo("Renewal ren-1 of 1 certificate(s) in prod needs approval");
        });
    }

    private static ExpiryDetected expiry(ExpirySeverity severity) {
        return new ExpiryDetected(
                "prod",
                "cp-1",
                "/etc/kubernetes/pki/apiserver.crt",
                "apiserver",
                SHA,
                Instant.parse("2026-12-01T08:19:03Z"),
                severity,
                null,
                0,
                Map.of());
    }
}
