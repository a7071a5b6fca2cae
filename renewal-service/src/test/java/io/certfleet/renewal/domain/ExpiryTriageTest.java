package io.certfleet.renewal.domain;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.events.RenewalStrategy;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExpiryTriageTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final String SHA = "51cc8efe6bac2673c04973ca0b0b60b5c13030c3de806c9ea5e7ca4448760f1e";

    private final ExpiryTriage triage = new ExpiryTriage(true, CLOCK);

    @Test
    void certificateCloseToExpiryIsRenewedByPolicyWithApproval() {
        ExpiryDetected expiry = expiry(Instant.parse("2026-11-25T14:00:00Z"), ExpirySeverity.CRITICAL);

        RenewalDecision decision = triage.decide("event-1", expiry, Optional.empty());

        assertThat(decision).isInstanceOf(RenewalDecision.Request.class);
        Renewal renewal = ((RenewalDecision.Request) decision).renewal();
        assertThat(renewal.state()).isEqualTo(RenewalState.REQUESTED);
        assertThat(renewal.strategy()).isEqualTo(RenewalStrategy.KUBEADM_IN_PLACE);
        assertThat(renewal.approvalRequired()).isTrue();
        assertThat(renewal.requestedBy()).isEqualTo(ExpiryTriage.POLICY);
        assertThat(renewal.requestedAt()).isEqualTo(NOW);
        assertThat(renewal.reason())
                .isEqualTo("apiserver on cp-1 is CRITICAL: expires 2026-11-25T14:00:00Z (3d 4h left)");
        assertThat(renewal.requestedEvent().certificates()).singleElement().satisfies(ref -> {
            assertThat(ref.location()).isEqualTo("/etc/kubernetes/pki/apiserver.crt");
            assertThat(ref.sha256()).isEqualTo(SHA);
        });
    }

    @Test
    void expiredCertificateSaysSo() {
        RenewalDecision decision = triage.decide(
                "event-2", expiry(Instant.parse("2026-11-20T00:00:00Z"), ExpirySeverity.EXPIRED), Optional.empty());

        assertThat(decision.reason()).endsWith("is EXPIRED: expired 2026-11-20T00:00:00Z");
    }

    @Test
    void openRenewalOfTheSameCertificateIsNotDuplicated() {
        Renewal open = ((RenewalDecision.Request) triage.decide(
                        "event-1",
                        expiry(Instant.parse("2026-12-10T00:00:00Z"), ExpirySeverity.WARNING),
                        Optional.empty()))
                .renewal();

        RenewalDecision decision = triage.decide(
                "event-3", expiry(Instant.parse("2026-12-10T00:00:00Z"), ExpirySeverity.CRITICAL), Optional.of(open));

        assertThat(decision)
                .isEqualTo(new RenewalDecision.AlreadyOpen(
                        open.id(), "renewal " + open.id() + " of apiserver on cp-1 is already REQUESTED"));
    }

    private static ExpiryDetected expiry(Instant notAfter, ExpirySeverity severity) {
        return new ExpiryDetected(
                "prod-eu-west-1",
                "cp-1",
                "/etc/kubernetes/pki/apiserver.crt",
                "apiserver",
                SHA,
                notAfter,
                severity,
                null,
                0,
                Map.of());
    }
}
