package io.certfleet.embedded.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certfleet.embedded.EmbeddedInfrastructureException;
import io.certfleet.embedded.EmbeddedKafka;
import io.certfleet.embedded.EmbeddedPostgres;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InfrastructureSelectionTest {

    @Test
    void embeddedIsTheDefault() {
        assertThat(InfrastructureSelection.select(settings(Map.of(), Map.of()), List.of()))
                .isInstanceOf(EmbeddedInfrastructureProvider.class);
    }

    @Test
    void systemPropertySelectsExternal() {
        assertThat(InfrastructureSelection.select(settings(Map.of("certfleet.infra", "external"), Map.of()), List.of())
                        .name())
                .isEqualTo("external");
    }

    @Test
    void environmentVariableWorksWhenNoSystemPropertyIsSetAndCaseDoesNotMatter() {
        var selected =
                InfrastructureSelection.select(settings(Map.of(), Map.of("CERTFLEET_INFRA", "External")), List.of());
        assertThat(selected.name()).isEqualTo("external");
    }

    @Test
    void systemPropertyWinsOverEnvironment() {
        var selected = InfrastructureSelection.select(
                settings(Map.of("certfleet.infra", "embedded"), Map.of("CERTFLEET_INFRA", "external")), List.of());
        assertThat(selected.name()).isEqualTo("embedded");
    }

    @Test
    void aPluggedInProviderIsSelectedByItsName() {
        InfrastructureProvider containers = new FakeContainersProvider();
        assertThat(InfrastructureSelection.select(
                        settings(Map.of("certfleet.infra", "testcontainers"), Map.of()), List.of(containers)))
                .isSameAs(containers);
    }

    @Test
    void anUnknownNameFailsWithTheAvailableNames() {
        assertThatThrownBy(() -> InfrastructureSelection.select(
                        settings(Map.of("certfleet.infra", "testcontainers"), Map.of()), List.of()))
                .isInstanceOfSatisfying(EmbeddedInfrastructureException.class, e -> {
                    assertThat(e.retryHelps()).isFalse();
                    assertThat(e.getMessage())
                            .contains("testcontainers")
                            .contains("[embedded, external]")
                            .contains("META-INF/services/io.certfleet.embedded.testing.InfrastructureProvider");
                });
    }

    @Test
    void externalNeedsTheBrokerAddressAndAValidPort() {
        var external = new ExternalInfrastructureProvider(
                settings(Map.of("certfleet.infra.postgres.port", "fifty"), Map.of()));
        assertThatThrownBy(external::startKafka)
                .isInstanceOf(EmbeddedInfrastructureException.class)
                .hasMessageContaining("certfleet.infra.kafka.bootstrap-servers");
        assertThatThrownBy(external::startPostgres)
                .isInstanceOf(EmbeddedInfrastructureException.class)
                .hasMessageContaining("not a port number");
    }

    @Test
    void environmentNamesFollowTheUsualConvention() {
        assertThat(InfrastructureSettings.environmentName("certfleet.infra.kafka.bootstrap-servers"))
                .isEqualTo("CERTFLEET_INFRA_KAFKA_BOOTSTRAP_SERVERS");
    }

    private static InfrastructureSettings settings(Map<String, String> properties, Map<String, String> environment) {
        return new InfrastructureSettings(properties::get, environment::get);
    }

    private static final class FakeContainersProvider implements InfrastructureProvider {
        @Override
        public String name() {
            return "testcontainers";
        }

        @Override
        public EmbeddedKafka startKafka() {
            throw new UnsupportedOperationException("not started in a selection test");
        }

        @Override
        public EmbeddedPostgres startPostgres() {
            throw new UnsupportedOperationException("not started in a selection test");
        }
    }
}
