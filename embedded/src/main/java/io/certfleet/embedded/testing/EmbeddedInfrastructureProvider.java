package io.certfleet.embedded.testing;

import io.certfleet.embedded.EmbeddedKafka;
import io.certfleet.embedded.EmbeddedPostgres;

/** {@code certfleet.infra=embedded} (default): an in-process KRaft broker and a zonky PostgreSQL, both temporary. */
final class EmbeddedInfrastructureProvider implements InfrastructureProvider {

    static final String NAME = "embedded";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public EmbeddedKafka startKafka() {
        return EmbeddedKafka.start();
    }

    @Override
    public EmbeddedPostgres startPostgres() {
        return EmbeddedPostgres.start();
    }
}
