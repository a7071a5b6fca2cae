package io.certfleet.events;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The registry of event types: for each {@link EventData} record its CloudEvents {@code type}, its JSON Schema and its
 * topic. The single place that maps the three, so names cannot drift between producers and consumers.
 */
public enum EventType {
    CERT_SCANNED(CertScanned.class, Topics.CERTIFICATES),
    SCAN_COMPLETED(ScanCompleted.class, Topics.CERTIFICATES),
    EXPIRY_DETECTED(ExpiryDetected.class, Topics.CERTIFICATES),
    EXPIRY_RESOLVED(ExpiryResolved.class, Topics.CERTIFICATES),
    RENEWAL_REQUESTED(RenewalRequested.class, Topics.RENEWALS),
    RENEWAL_STARTED(RenewalStarted.class, Topics.RENEWALS),
    NODE_CERTIFICATES_RENEWED(NodeCertificatesRenewed.class, Topics.RENEWALS),
    RENEWAL_COMPLETED(RenewalCompleted.class, Topics.RENEWALS),
    RENEWAL_FAILED(RenewalFailed.class, Topics.RENEWALS),
    UPGRADE_REQUESTED(UpgradeRequested.class, Topics.UPGRADES),
    UPGRADE_PLANNED(UpgradePlanned.class, Topics.UPGRADES),
    NODE_UPGRADED(NodeUpgraded.class, Topics.UPGRADES),
    CLUSTER_UPGRADED(ClusterUpgraded.class, Topics.UPGRADES),
    UPGRADE_FAILED(UpgradeFailed.class, Topics.UPGRADES),
    APPROVAL_GRANTED(ApprovalGranted.class, Topics.APPROVALS);

    /** Prefix of every certfleet CloudEvents {@code type}. */
    public static final String TYPE_PREFIX = "io.certfleet.";

    /** Base URI under which the JSON Schemas are published; also their {@code $id}. */
    public static final String SCHEMA_BASE_URI = "https://certfleet.io/schemas/";

    private static final Map<Class<? extends EventData>, EventType> BY_CLASS =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::dataClass, Function.identity()));
    private static final Map<String, EventType> BY_TYPE_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::typeName, Function.identity()));

    private final Class<? extends EventData> dataClass;
    private final String topic;
    private final int version;

    EventType(Class<? extends EventData> dataClass, String topic) {
        this.dataClass = dataClass;
        this.topic = topic;
        this.version = 1;
    }

    /** The record carried as {@code data}. */
    public Class<? extends EventData> dataClass() {
        return dataClass;
    }

    /** The event name, e.g. {@code CertScanned}. */
    public String eventName() {
        return dataClass.getSimpleName();
    }

    /** The contract version; a breaking change makes a new version (and a new type name). */
    public int version() {
        return version;
    }

    /** The CloudEvents {@code type}, e.g. {@code io.certfleet.CertScanned.v1}. */
    public String typeName() {
        return TYPE_PREFIX + eventName() + ".v" + version;
    }

    /** The CloudEvents {@code dataschema}, e.g. {@code https://certfleet.io/schemas/CertScanned.v1.json}. */
    public String dataschema() {
        return SCHEMA_BASE_URI + schemaFileName();
    }

    /** The classpath resource holding the JSON Schema, e.g. {@code /schemas/CertScanned.v1.json}. */
    public String schemaResource() {
        return "/schemas/" + schemaFileName();
    }

    /** The Kafka topic events of this type are published on. */
    public String topic() {
        return topic;
    }

    private String schemaFileName() {
        return eventName() + ".v" + version + ".json";
    }

    /** The type of an event record. */
    public static EventType of(EventData data) {
        // An exhaustive switch: a new EventData record does not compile until it is registered here.
        return switch (data) {
            case CertScanned ignored -> CERT_SCANNED;
            case ScanCompleted ignored -> SCAN_COMPLETED;
            case ExpiryDetected ignored -> EXPIRY_DETECTED;
            case ExpiryResolved ignored -> EXPIRY_RESOLVED;
            case RenewalRequested ignored -> RENEWAL_REQUESTED;
            case RenewalStarted ignored -> RENEWAL_STARTED;
            case NodeCertificatesRenewed ignored -> NODE_CERTIFICATES_RENEWED;
            case RenewalCompleted ignored -> RENEWAL_COMPLETED;
            case RenewalFailed ignored -> RENEWAL_FAILED;
            case UpgradeRequested ignored -> UPGRADE_REQUESTED;
            case UpgradePlanned ignored -> UPGRADE_PLANNED;
            case NodeUpgraded ignored -> NODE_UPGRADED;
            case ClusterUpgraded ignored -> CLUSTER_UPGRADED;
            case UpgradeFailed ignored -> UPGRADE_FAILED;
            case ApprovalGranted ignored -> APPROVAL_GRANTED;
        };
    }

    /**
     * The type of an event record class.
     *
     * @throws IllegalArgumentException if the class is not a registered event record
     */
    public static EventType of(Class<? extends EventData> dataClass) {
        EventType type = BY_CLASS.get(dataClass);
        if (type == null) {
            throw new IllegalArgumentException("not a registered event record: " + dataClass.getName());
        }
        return type;
    }

    /** The type with the given CloudEvents {@code type} name, if certfleet knows it. */
    public static Optional<EventType> fromTypeName(String typeName) {
        return Optional.ofNullable(typeName == null ? null : BY_TYPE_NAME.get(typeName));
    }

    /** Every event record class, in declaration order. */
    public static List<Class<? extends EventData>> dataClasses() {
        return Arrays.stream(values())
                .<Class<? extends EventData>>map(EventType::dataClass)
                .toList();
    }
}
