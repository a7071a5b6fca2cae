package io.certfleet.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void eachEventFamilyHasItsTopic() {
        Map<String, java.util.Set<String>> byTopic = EventCodec.eventClasses().stream()
                .collect(Collectors.groupingBy(
                        Topics::topicFor, Collectors.mapping(Class::getSimpleName, Collectors.toSet())));

        assertThat(byTopic)
                .containsOnlyKeys(Topics.all())
                .containsEntry(
                        "certfleet.certificates.v1",
                        java.util.Set.of("CertScanned", "ScanCompleted", "ExpiryDetected", "ExpiryResolved"))
                .containsEntry(
                        "certfleet.renewals.v1",
                        java.util.Set.of(
                                "RenewalRequested",
                                "RenewalStarted",
                                "NodeCertificatesRenewed",
                                "RenewalCompleted",
                                "RenewalFailed"))
                .containsEntry(
                        "certfleet.upgrades.v1",
                        java.util.Set.of(
                                "UpgradeRequested",
                                "UpgradePlanned",
                                "NodeUpgraded",
                                "ClusterUpgraded",
                                "UpgradeFailed"))
                .containsEntry("certfleet.approvals.v1", java.util.Set.of("ApprovalGranted"));
    }

    @Test
    void topicForAnInstanceMatchesItsClass() {
        ApprovalGranted approval = new ApprovalGranted(
                "apr-1", "c-1", ApprovalSubjectKind.RENEWAL, "ren-1", "slack:U1", "slack:#ops", null);

        assertThat(Topics.topicFor(approval))
                .isEqualTo(Topics.APPROVALS)
                .isEqualTo(Topics.topicFor(ApprovalGranted.class));
    }

    @Test
    void deadLetterTopicsAppendDlt() {
        assertThat(Topics.deadLetterTopic(Topics.RENEWALS)).isEqualTo("certfleet.renewals.v1.dlt");
        assertThat(Topics.all()).doesNotHaveDuplicates().noneMatch(t -> t.endsWith(".dlt"));
        assertThatThrownBy(() -> Topics.deadLetterTopic(null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void typeNamesFollowTheNamingScheme() {
        assertThat(EventCodec.typeName(CertScanned.class)).isEqualTo("io.certfleet.CertScanned.v1");
        assertThat(EventCodec.typeName(NodeCertificatesRenewed.class))
                .isEqualTo("io.certfleet.NodeCertificatesRenewed.v1");
        assertThat(EventType.fromTypeName("io.certfleet.ApprovalGranted.v1")).contains(EventType.APPROVAL_GRANTED);
        assertThat(EventType.fromTypeName("io.certfleet.ApprovalGranted.v2")).isEmpty();
        assertThat(EventType.fromTypeName(null)).isEmpty();
        assertThat(EventType.RENEWAL_FAILED.dataschema())
                .isEqualTo("https://certfleet.io/schemas/RenewalFailed.v1.json");
    }
}
