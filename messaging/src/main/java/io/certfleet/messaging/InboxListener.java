package io.certfleet.messaging;

import io.micronaut.configuration.kafka.annotation.ErrorStrategy;
import io.micronaut.configuration.kafka.annotation.ErrorStrategyValue;
import io.micronaut.configuration.kafka.annotation.KafkaListener;
import io.micronaut.configuration.kafka.annotation.OffsetReset;
import io.micronaut.configuration.kafka.annotation.OffsetStrategy;
import io.micronaut.context.annotation.AliasFor;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A {@code @KafkaListener} that hands records to {@link EventInbox#deliver}, with the settings the inbox needs and
 * nothing else may change: a new consumer group starts at the earliest record; offsets are committed by the inbox after
 * the effect ({@code OffsetStrategy.DISABLED}); a transient failure delivers the record again after {@link
 * EventInbox#RETRY_DELAY}, forever, since skipping it would lose it.
 *
 * <pre>{@code
 * @InboxListener(CertificateEventsListener.CONSUMER)
 * final class CertificateEventsListener {
 *     @Topic(Topics.CERTIFICATES)
 *     void receive(ConsumerRecord<String, byte[]> record, Consumer<?, ?> consumer) {
 *         inbox.deliver(record, consumer, routes);
 *     }
 * }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@KafkaListener(
        offsetReset = OffsetReset.EARLIEST,
        offsetStrategy = OffsetStrategy.DISABLED,
        errorStrategy =
                @ErrorStrategy(
                        value = ErrorStrategyValue.RETRY_ON_ERROR,
                        retryDelay = EventInbox.RETRY_DELAY,
                        retryCount = EventInbox.RETRY_FOREVER))
public @interface InboxListener {
    /** The consumer group, also the scope of the inbox's processed-event ids. */
    @AliasFor(annotation = KafkaListener.class, member = "groupId")
    String value();
}
