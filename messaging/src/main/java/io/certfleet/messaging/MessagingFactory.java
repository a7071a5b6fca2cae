package io.certfleet.messaging;

import io.certfleet.events.EventCodec;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Beans the plumbing needs; a service (or a test) may replace the clock with its own {@link Clock} bean. */
@Factory
final class MessagingFactory {

    @Singleton
    @Secondary
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    EventCodec eventCodec() {
        return new EventCodec();
    }
}
