package io.certfleet.renewal.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Settings as the service builds them from its defaults, for tests that build objects by hand. */
public final class TestSettings {
    private TestSettings() {}

    /**
     * The Kubernetes CSR API as the external signer, {@code ca} signed as {@code example.com/kubernetes-ca}.
     *
     * @param approve whether certfleet approves its own CSRs
     */
    public static ExternalCaSettings externalCa(boolean approve, Duration pollInterval, Duration signingTimeout) {
        return new ExternalCaSettings(
                "kubernetes", Map.of("ca", "example.com/kubernetes-ca"), approve, null, pollInterval, signingTimeout);
    }

    public static RenewalSettings renewal() {
        return renewal(null);
    }

    /** With {@code rollout-before-certificates-expiry-days}. */
    public static RenewalSettings renewal(Integer rolloutBeforeCertificatesExpiryDays) {
        return new RenewalSettings(
                true,
                List.of(),
                Duration.ofDays(2),
                null,
                null,
                "test",
                true,
                Duration.ofSeconds(1),
                Duration.ofSeconds(30),
                4,
                5,
                Duration.ofSeconds(10),
                Duration.ofMinutes(5),
                365,
                Duration.ofSeconds(120),
                20,
                Duration.ofMillis(500),
                null,
                Duration.ofSeconds(10),
                Duration.ofDays(2),
                Duration.ofSeconds(10),
                Duration.ofHours(2),
                rolloutBeforeCertificatesExpiryDays);
    }
}
