package io.certfleet.scanner;

import io.certfleet.scanner.config.ScannerSettings;
import java.time.Duration;

/** Scanner settings with the documented defaults, for tests that build adapters by hand. */
public final class TestSettings {
    private TestSettings() {}

    public static ScannerSettings scanner() {
        return new ScannerSettings(
                "test-instance",
                true,
                Duration.ofHours(6),
                Duration.ofMinutes(10),
                Duration.ofMinutes(5),
                Duration.ofSeconds(2),
                2,
                200,
                16,
                Duration.ofSeconds(3),
                Duration.ofSeconds(10),
                null,
                Duration.ofSeconds(15),
                Duration.ofMinutes(5),
                Duration.ofDays(30),
                Duration.ofDays(7),
                100_000,
                Duration.ofSeconds(30));
    }
}
