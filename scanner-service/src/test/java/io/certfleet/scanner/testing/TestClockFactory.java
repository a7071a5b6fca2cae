package io.certfleet.scanner.testing;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Primary;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;

/**
 * Gives a service started by a test the test's {@link MutableClock} (when {@value #PROPERTY} is set), so the test
 * decides when thresholds are crossed.
 */
@Factory
@Requires(property = TestClockFactory.PROPERTY, value = "true")
public class TestClockFactory {
    public static final String PROPERTY = "certfleet.test.mutable-clock";

    /** The clock every test-started service of this JVM shares. */
    public static final MutableClock CLOCK = new MutableClock(Instant.now());

    @Singleton
    @Primary
    Clock clock() {
        return CLOCK;
    }
}
