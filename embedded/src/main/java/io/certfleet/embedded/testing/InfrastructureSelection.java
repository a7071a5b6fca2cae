package io.certfleet.embedded.testing;

import io.certfleet.embedded.EmbeddedInfrastructureException;
import io.certfleet.embedded.EmbeddedInfrastructureException.Reason;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ServiceLoader;

/** Picks the {@link InfrastructureProvider} named by {@code certfleet.infra}. */
final class InfrastructureSelection {

    static final String SWITCH = "certfleet.infra";

    private InfrastructureSelection() {}

    static InfrastructureProvider fromSystem() {
        List<InfrastructureProvider> plugins = new ArrayList<>();
        ServiceLoader.load(InfrastructureProvider.class).forEach(plugins::add);
        return select(InfrastructureSettings.fromSystem(), plugins);
    }

    /** Built-in providers win over plug-ins of the same name, so a stray jar cannot replace the default. */
    static InfrastructureProvider select(InfrastructureSettings settings, List<InfrastructureProvider> plugins) {
        String wanted =
                settings.get(SWITCH, EmbeddedInfrastructureProvider.NAME).toLowerCase(Locale.ROOT);
        List<InfrastructureProvider> candidates = new ArrayList<>();
        candidates.add(new EmbeddedInfrastructureProvider());
        candidates.add(new ExternalInfrastructureProvider(settings));
        candidates.addAll(plugins);
        return candidates.stream()
                .filter(provider -> provider.name().equalsIgnoreCase(wanted))
                .findFirst()
                .orElseThrow(() -> new EmbeddedInfrastructureException(
                        Reason.INVALID_INPUT,
                        SWITCH + "=" + wanted + " is unknown; available: "
                                + candidates.stream()
                                        .map(InfrastructureProvider::name)
                                        .toList()
                                + ". A provider such as 'testcontainers' plugs in through"
                                + " META-INF/services/" + InfrastructureProvider.class.getName()));
    }
}
