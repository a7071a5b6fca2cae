package io.certfleet.events;

/**
 * The {@code data} of a certfleet {@link CloudEvent}: one record per event type.
 *
 * <p>The interface is sealed so that a {@code switch} over it is exhaustive and adding an event is a compile error
 * until {@link EventType} (type name, topic, schema) knows it. Records carry public facts only; see the package
 * documentation.
 */
public sealed interface EventData
        permits CertScanned,
                ScanCompleted,
                ExpiryDetected,
                ExpiryResolved,
                RenewalRequested,
                RenewalStarted,
                NodeCertificatesRenewed,
                RenewalCompleted,
                RenewalFailed,
                UpgradeRequested,
                UpgradePlanned,
                NodeUpgraded,
                ClusterUpgraded,
                UpgradeFailed,
                ApprovalGranted {

    /** The cluster the event is about: the CloudEvent {@code subject} and the Kafka key. */
    String clusterId();
}
