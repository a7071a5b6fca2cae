package io.certfleet.embedded.testing;

import io.certfleet.embedded.EmbeddedInfrastructure;
import io.certfleet.embedded.EmbeddedInfrastructureException;
import io.certfleet.embedded.EmbeddedKafka;
import io.certfleet.embedded.EmbeddedPostgres;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One broker and one database server per JVM for all {@code *IT} classes; started lazily on first use,
 * stopped by a shutdown hook.
 *
 * <p>The first call to any method starts both servers in parallel (nearly every IT needs both, and
 * starting them together costs the time of the slower one). Where they come from is decided by
 * {@code certfleet.infra} (see {@link InfrastructureProvider}): in-process servers by default. A
 * failed start is remembered and rethrown to every later caller, so one broken start does not cost
 * each test class another minute.
 *
 * <p>Typical use in a Micronaut test:
 *
 * <pre>{@code
 * @MicronautTest
 * class RenewalFlowIT implements TestPropertyProvider {
 *     @Override
 *     public Map<String, String> getProperties() {
 *         SharedInfrastructure.kafka().createTopics(List.of("certfleet.renewal"), 3);
 *         return SharedInfrastructure.micronautProperties(SharedInfrastructure.freshDatabase("renewal"));
 *     }
 * }
 * }</pre>
 */
public final class SharedInfrastructure {

    private static final Logger LOG = LoggerFactory.getLogger(SharedInfrastructure.class);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_PREFIX = 40;

    private static EmbeddedInfrastructure infrastructure;
    private static RuntimeException startFailure;

    private SharedInfrastructure() {}

    /** The JVM's broker; starts it (and the database server) on first use. */
    public static EmbeddedKafka kafka() {
        return infrastructure().kafka();
    }

    /** The JVM's database server; starts it (and the broker) on first use. */
    public static EmbeddedPostgres postgres() {
        return infrastructure().postgres();
    }

    /**
     * A fresh, uniquely named database for one test class (so ITs in one JVM do not see each other's
     * rows); returns its JDBC URL. The name is the prefix made into an identifier plus a counter and a
     * random suffix, so JVMs sharing an external server do not collide either.
     */
    public static String freshDatabase(String prefix) {
        return postgres().createDatabase(freshDatabaseName(prefix, DATABASES.incrementAndGet(), randomSuffix()));
    }

    /**
     * Properties a Micronaut {@code ApplicationContext} or a {@code TestPropertyProvider} can use: {@code
     * kafka.bootstrap.servers} and {@code datasources.default.url/username/password/driver-class-name}.
     * The map is a new mutable copy; add your own entries to it.
     */
    public static Map<String, String> micronautProperties(String databaseJdbcUrl) {
        EmbeddedPostgres postgres = postgres();
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("kafka.bootstrap.servers", kafka().bootstrapServers());
        properties.put("datasources.default.url", databaseJdbcUrl);
        properties.put("datasources.default.username", postgres.username());
        properties.put("datasources.default.password", postgres.password());
        properties.put("datasources.default.driver-class-name", "org.postgresql.Driver");
        return properties;
    }

    static String freshDatabaseName(String prefix, int sequence, String suffix) {
        String base = (prefix == null ? "" : prefix)
                .toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9_]+", "_")
                .replaceAll("^_+|_+$", "");
        if (base.isEmpty() || !Character.isLetter(base.charAt(0))) {
            base = "it_" + base;
        }
        if (base.length() > MAX_PREFIX) {
            base = base.substring(0, MAX_PREFIX);
        }
        return base + "_" + sequence + "_" + suffix;
    }

    private static String randomSuffix() {
        byte[] bytes = new byte[3];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static synchronized EmbeddedInfrastructure infrastructure() {
        if (infrastructure != null) {
            return infrastructure;
        }
        if (startFailure != null) {
            throw new EmbeddedInfrastructureException(
                    startFailure instanceof EmbeddedInfrastructureException e
                            ? e.reason()
                            : EmbeddedInfrastructureException.Reason.TRANSIENT,
                    "shared test infrastructure failed to start earlier in this JVM",
                    startFailure);
        }
        try {
            InfrastructureProvider provider = InfrastructureSelection.fromSystem();
            LOG.info("starting shared test infrastructure ({}={})", InfrastructureSelection.SWITCH, provider.name());
            EmbeddedInfrastructure started =
                    EmbeddedInfrastructure.startBoth(provider::startKafka, provider::startPostgres);
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "certfleet-shared-infrastructure-stop"));
            infrastructure = started;
            return started;
        } catch (RuntimeException e) {
            startFailure = e;
            throw e;
        }
    }
}
