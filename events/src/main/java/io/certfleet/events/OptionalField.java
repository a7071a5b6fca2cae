package io.certfleet.events;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a record component of the event contract that may be absent (null in Java, omitted in JSON).
 *
 * <p>Every component without this annotation is required: the record's constructor rejects null and {@link
 * EventCodec#decode(byte[])} rejects JSON in which it is missing. The JSON Schemas list exactly the components
 * without this annotation as {@code required}, which a test checks. Fields added to an existing event version must
 * carry this annotation, so older producers stay valid.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.RECORD_COMPONENT)
public @interface OptionalField {}
