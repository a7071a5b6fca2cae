package io.certfleet.renewal.adapter.out;

import io.certfleet.renewal.application.ExternalSigner;
import io.certfleet.renewal.config.ExternalCaSettings;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import java.time.Clock;

/** The {@link ExternalSigner} that {@code certfleet.renewal.external-ca.signer} names. */
@Factory
final class ExternalSigners {

    @Singleton
    ExternalSigner externalSigner(ExternalCaSettings settings, Fabric8Clusters clusters, Clock clock) {
        return switch (settings.signer()) {
            case ExternalCaSettings.DIRECTORY -> new DirectorySigner(Path.of(settings.directory()));
            default -> new KubernetesCsrSigner(clusters::workloadClient, settings, clock);
        };
    }
}
