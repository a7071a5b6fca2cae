package io.certfleet.events;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;

/**
 * A certfleet event as a CloudEvents 1.0 envelope in structured JSON mode, the only thing services publish.
 *
 * <p>Invariants, checked on construction: every attribute is present; {@code specversion} is {@code 1.0}; {@code type}
 * is the type of {@code data} ({@link EventType#typeName()}); {@code subject} is {@code data.clusterId()};
 * {@code source} is a URI reference such as {@code /certfleet/scanner}; {@code datacontenttype} is {@code
 * application/json}. Build events with {@link #of(EventData, String, Clock)}.
 *
 * @param specversion always {@value #SPEC_VERSION}
 * @param id unique per event (a random UUID); consumers deduplicate on it
 * @param source the producer, e.g. {@code /certfleet/scanner}
 * @param type e.g. {@code io.certfleet.CertScanned.v1}
 * @param subject the cluster id
 * @param time when the fact happened, UTC (RFC 3339 in JSON)
 * @param datacontenttype always {@value #DATA_CONTENT_TYPE}
 * @param dataschema the URI of the JSON Schema of the whole event, e.g. {@code
 *     https://certfleet.io/schemas/CertScanned.v1.json}
 * @param data the event's payload
 */
public record CloudEvent(
        String specversion,
        String id,
        String source,
        String type,
        String subject,
        Instant time,
        String datacontenttype,
        String dataschema,
        EventData data) {

    /** The CloudEvents specification version implemented. */
    public static final String SPEC_VERSION = "1.0";

    /** The content type of {@code data}. */
    public static final String DATA_CONTENT_TYPE = "application/json";

    public CloudEvent {
        Fields.required(specversion, "specversion");
        if (!SPEC_VERSION.equals(specversion)) {
            throw new IllegalArgumentException("specversion must be " + SPEC_VERSION);
        }
        Fields.text(id, "id");
        Fields.text(source, "source");
        if (!isUri(source)) {
            throw new IllegalArgumentException("source must be a URI reference");
        }
        Fields.text(type, "type");
        Fields.text(subject, "subject");
        Fields.required(time, "time");
        Fields.required(datacontenttype, "datacontenttype");
        if (!isJson(datacontenttype)) {
            throw new IllegalArgumentException("datacontenttype must be " + DATA_CONTENT_TYPE);
        }
        Fields.text(dataschema, "dataschema");
        if (!isUri(dataschema)) {
            throw new IllegalArgumentException("dataschema must be a URI");
        }
        Fields.required(data, "data");
        if (!type.equals(EventType.of(data).typeName())) {
            throw new IllegalArgumentException(
                    "type must be " + EventType.of(data).typeName() + " for "
                            + EventType.of(data).eventName());
        }
        if (!subject.equals(data.clusterId())) {
            throw new IllegalArgumentException("subject must equal data.clusterId");
        }
    }

    /**
     * A new event with a random id, the current time of {@code clock} (truncated to milliseconds, which every consumer
     * and database keeps exactly), the type and schema of {@code data}, and the cluster id as subject.
     *
     * @param data the payload
     * @param source the producer, e.g. {@code /certfleet/scanner}
     * @param clock the service's clock
     */
    public static CloudEvent of(EventData data, String source, Clock clock) {
        Fields.required(data, "data");
        Fields.required(clock, "clock");
        EventType type = EventType.of(data);
        return new CloudEvent(
                SPEC_VERSION,
                UUID.randomUUID().toString(),
                source,
                type.typeName(),
                data.clusterId(),
                clock.instant().truncatedTo(ChronoUnit.MILLIS),
                DATA_CONTENT_TYPE,
                type.dataschema(),
                data);
    }

    /** The Kafka record key: the cluster id, so one cluster's events stay ordered on one partition. */
    public String kafkaKey() {
        return subject;
    }

    /** The registered type of this event. */
    public EventType eventType() {
        return EventType.of(data);
    }

    static boolean isJson(String contentType) {
        int parameters = contentType.indexOf(';');
        String mediaType = parameters < 0 ? contentType : contentType.substring(0, parameters);
        return mediaType.trim().toLowerCase(Locale.ROOT).equals(DATA_CONTENT_TYPE);
    }

    static boolean isUri(String value) {
        try {
            new URI(value);
            return true;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
