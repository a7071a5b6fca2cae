package io.certfleet.events;

import java.util.List;
import java.util.Objects;

/**
 * The Kafka topics of the contract. Every event is keyed by its cluster id ({@link CloudEvent#kafkaKey()}), so the
 * events of one cluster stay in order on one partition. Poison events go to the topic's dead-letter topic.
 */
public final class Topics {
    /** CertScanned, ScanCompleted, ExpiryDetected, ExpiryResolved. */
    public static final String CERTIFICATES = "certfleet.certificates.v1";

    /** RenewalRequested, RenewalStarted, NodeCertificatesRenewed, RenewalCompleted, RenewalFailed. */
    public static final String RENEWALS = "certfleet.renewals.v1";

    /** UpgradeRequested, UpgradePlanned, NodeUpgraded, ClusterUpgraded, UpgradeFailed. */
    public static final String UPGRADES = "certfleet.upgrades.v1";

    /** ApprovalGranted. */
    public static final String APPROVALS = "certfleet.approvals.v1";

    /** Suffix of a dead-letter topic. */
    public static final String DEAD_LETTER_SUFFIX = ".dlt";

    private Topics() {}

    /** The topic an event is published on. */
    public static String topicFor(EventData data) {
        return EventType.of(data).topic();
    }

    /** The topic events of a record class are published on. */
    public static String topicFor(Class<? extends EventData> dataClass) {
        return EventType.of(dataClass).topic();
    }

    /** The dead-letter topic of a topic, e.g. {@code certfleet.renewals.v1.dlt}. */
    public static String deadLetterTopic(String topic) {
        Objects.requireNonNull(topic, "topic");
        return topic + DEAD_LETTER_SUFFIX;
    }

    /** Every event topic (without dead-letter topics), e.g. to create them at start-up. */
    public static List<String> all() {
        return List.of(CERTIFICATES, RENEWALS, UPGRADES, APPROVALS);
    }
}
