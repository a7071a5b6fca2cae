package io.certfleet.scanner.domain.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.events.CertScanned;
import io.certfleet.events.EventData;
import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.ExpiryResolved;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.events.ScanCompleted;
import io.certfleet.events.SourceKind;
import io.certfleet.scanner.domain.expiry.ExpiryTransition;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScanEventsTest {
    private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant NOT_AFTER = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void bundleMembersAlertUnderTheirOwnLocation() {
        ObservedCertificate member = Certificates.onNode(
                "w-1", SourceKind.NODE_FILE, "/var/lib/kubelet/pki/kubelet.crt", 1, Certificates.facts('c', NOT_AFTER));

        Optional<EventData> event = ScanEvents.expiryEvent(
                "prod-1",
                Map.of("team", "payments"),
                member,
                new ExpiryTransition.Detected(ExpirySeverity.CRITICAL, Optional.empty(), "first seen"),
                NOW);

        assertThat(event).get().isInstanceOfSatisfying(ExpiryDetected.class, d -> {
            assertThat(d.location()).isEqualTo("/var/lib/kubelet/pki/kubelet.crt#1");
            assertThat(d.nodeName()).isEqualTo("w-1");
            assertThat(d.residualSeconds()).isEqualTo(5 * 86_400);
            assertThat(d.labels()).containsEntry("team", "payments");
            assertThat(d.previousSeverity()).isNull();
        });
    }

    @Test
    void resolvedNamesBothCertificates() {
        ObservedCertificate renewed = ObservedCertificate.of(
                CertificateLocation.inCluster(SourceKind.SECRET, "secret:ns/prod-1-ca/tls.crt", 0),
                Certificates.facts('b', NOT_AFTER.plusSeconds(86_400 * 3650L)),
                java.util.List.of());

        Optional<EventData> event = ScanEvents.expiryEvent(
                "prod-1",
                Map.of(),
                renewed,
                new ExpiryTransition.Resolved("a".repeat(64), "b".repeat(64), ExpirySeverity.WARNING, "renewed"),
                NOW);

        assertThat(event).get().isInstanceOfSatisfying(ExpiryResolved.class, r -> {
            assertThat(r.previousSha256()).isEqualTo("a".repeat(64));
            assertThat(r.nodeName()).isNull();
        });
    }

    @Test
    void onlyPlacesWhereACertificateIsKeptAlert() {
        var facts = Certificates.facts('a', NOT_AFTER);

        assertThat(ScanEvents.alerts(Certificates.onNode("n", SourceKind.NODE_FILE, "/p", 0, facts), true))
                .isTrue();
        assertThat(ScanEvents.alerts(Certificates.onNode("n", SourceKind.TLS_ENDPOINT, "https://h:1", 0, facts), true))
                .as("served copy of the file on disk: the file alerts")
                .isFalse();
        assertThat(ScanEvents.alerts(Certificates.onNode("n", SourceKind.TLS_ENDPOINT, "https://h:1", 0, facts), false))
                .as("served certificate that is not on the disk: it is the problem")
                .isTrue();
        assertThat(ScanEvents.alerts(
                        ObservedCertificate.of(
                                CertificateLocation.inCluster(SourceKind.CSR, "csr:x", 0), facts, java.util.List.of()),
                        false))
                .isFalse();
    }

    @Test
    void certScannedCarriesLocationAndKubeadmFacts() {
        ObservedCertificate c = Certificates.onNode(
                        "cp-1",
                        SourceKind.NODE_FILE,
                        "/etc/kubernetes/pki/apiserver.crt",
                        0,
                        Certificates.facts('a', NOT_AFTER))
                .withKubeadmName("apiserver");

        CertScanned event = ScanEvents.certScanned("scan-1", "prod-1", c);

        assertThat(event.kubeadmName()).isEqualTo("apiserver");
        assertThat(event.location()).isEqualTo("/etc/kubernetes/pki/apiserver.crt");
        assertThat(event.sourceKind()).isEqualTo(SourceKind.NODE_FILE);
    }

    @Test
    void unknownClusterIsNeverACleanScan() {
        ScanCompleted completed = ScanEvents.clusterNotInInventory("scan-1", "nowhere", NOW);

        assertThat(completed.errorCount()).isEqualTo(1);
        assertThat(completed.errors()).singleElement().satisfies(e -> {
            assertThat(e.location()).isEqualTo(ScanEvents.INVENTORY);
            assertThat(e.reason()).contains("not in the inventory");
        });
    }

    @Test
    void scheduleSpreadsScansWithinTheJitter() {
        ScanSchedule schedule = new ScanSchedule(java.time.Duration.ofHours(6), java.time.Duration.ofMinutes(10));
        java.util.random.RandomGenerator random = new java.util.SplittableRandom(7);

        for (int i = 0; i < 100; i++) {
            Instant next = schedule.next(NOW, java.time.Duration.ofHours(1), random);
            assertThat(next).isBetween(NOW.plusSeconds(3600), NOW.plusSeconds(3600 + 600));
        }
        assertThat(schedule.first(NOW, random)).isBetween(NOW, NOW.plusSeconds(600));
    }
}
