package io.certfleet.embedded.testing;

import io.certfleet.embedded.EmbeddedKafka;
import io.certfleet.embedded.EmbeddedPostgres;

/**
 * Where {@link SharedInfrastructure} gets its broker and database server from. Chosen by the system
 * property {@code certfleet.infra} (or the environment variable {@code CERTFLEET_INFRA}); built in are
 * {@code embedded} (default: in-process Kafka, zonky PostgreSQL) and {@code external} (servers that
 * already run, e.g. started by CI or {@code docker run}).
 *
 * <p>Other providers, such as a Testcontainers one for machines with a Docker engine, plug in through
 * {@link java.util.ServiceLoader}: implement this interface with a public no-argument constructor, list
 * the class in {@code META-INF/services/io.certfleet.embedded.testing.InfrastructureProvider}, and
 * return {@link EmbeddedKafka#attach} / {@link EmbeddedPostgres#attach} wrappers whose {@code onClose}
 * stops the containers.
 */
public interface InfrastructureProvider {

    /** The value of {@code certfleet.infra} that selects this provider. */
    String name();

    /** Starts (or connects to) a broker; called once per JVM, in parallel with {@link #startPostgres()}. */
    EmbeddedKafka startKafka();

    /** Starts (or connects to) a database server whose user may create databases. */
    EmbeddedPostgres startPostgres();
}
