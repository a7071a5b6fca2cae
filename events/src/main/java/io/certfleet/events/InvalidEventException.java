package io.certfleet.events;

import java.util.Optional;

/**
 * An event that cannot be decoded: bad JSON, an unknown type, a missing or malformed field. Never worth retrying:
 * consumers send the record to the topic's dead-letter topic with {@link #getMessage()} as the reason, and carry on.
 *
 * <p>The message names the event type and id when they could be read, and the offending field as a JSON path (e.g.
 * {@code data.certificate.notAfter}). It never echoes payloads: quoted values are shortened and stripped of control
 * characters.
 */
public class InvalidEventException extends RuntimeException {
    private static final int MAX_QUOTED = 64;

    private final String eventType;
    private final String eventId;
    private final String field;

    public InvalidEventException(String eventType, String eventId, String field, String problem) {
        super(describe(eventType, eventId, field, problem));
        this.eventType = eventType;
        this.eventId = eventId;
        this.field = field;
    }

    /** The CloudEvents {@code type}, when it could be read (possibly one certfleet does not know). */
    public Optional<String> eventType() {
        return Optional.ofNullable(eventType);
    }

    /** The CloudEvents {@code id}, when it could be read. */
    public Optional<String> eventId() {
        return Optional.ofNullable(eventId);
    }

    /** The offending field as a path such as {@code data.steps[2].role}, when one field is at fault. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    private static String describe(String eventType, String eventId, String field, String problem) {
        StringBuilder message = new StringBuilder("invalid event");
        if (eventType != null || eventId != null) {
            message.append(" [");
            if (eventType != null) {
                message.append("type=").append(quote(eventType));
            }
            if (eventId != null) {
                message.append(eventType != null ? ", " : "").append("id=").append(quote(eventId));
            }
            message.append(']');
        }
        message.append(": ");
        if (field != null) {
            message.append(field).append(": ");
        }
        return message.append(problem).toString();
    }

    /** A short, single-line rendering of an untrusted value for an error message. */
    static String quote(String value) {
        String printable = value.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return printable.length() <= MAX_QUOTED ? printable : printable.substring(0, MAX_QUOTED) + "...";
    }
}
