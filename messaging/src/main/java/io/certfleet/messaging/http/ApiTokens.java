package io.certfleet.messaging.http;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API tokens of this service, {@code certfleet.api.tokens.<caller>=<token>}, and whether reads need one too
 * ({@code certfleet.api.protect-reads}). Checked when the context starts: a blank or short token, or a caller name
 * that cannot be one, stops the service with an error naming the caller (never the token).
 *
 * <p>Only the SHA-256 digest of each token is kept. A presented token is digested and compared with every configured
 * digest by {@link MessageDigest#isEqual}, so the comparison takes the same time whatever the token and however much
 * of it is right.
 */
@Context
public final class ApiTokens implements ApplicationEventListener<ServerStartupEvent> {
    /** Configuration prefix of the tokens: {@code certfleet.api.tokens.<caller>}. */
    public static final String PREFIX = "certfleet.api.tokens";
    /**
     * The callers that act on behalf of people (a chat bot, a ticketing hook), {@code certfleet.api.on-behalf-of}: each
     * must have a token.
     */
    public static final String ON_BEHALF_OF = "certfleet.api.on-behalf-of";
    /** Shortest token accepted. */
    public static final int MIN_LENGTH = 16;
    /**
     * The name under which each service's OpenAPI document declares the bearer token (a security scheme of type http,
     * scheme bearer) that its mutating operations require once tokens are configured.
     */
    public static final String OPENAPI_SCHEME = "certfleetApiToken";
    /** Its description in those documents. */
    public static final String OPENAPI_SCHEME_DESCRIPTION =
            "A token of certfleet.api.tokens.<caller>; required by every POST, PUT, PATCH and DELETE once tokens are"
                    + " configured. The caller it names is who is recorded as acting.";

    private static final Logger LOG = LoggerFactory.getLogger(ApiTokens.class);
    private static final Pattern CALLER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,62}");

    private final List<Credential> credentials;
    private final Set<String> onBehalfOf;
    private final boolean protectReads;
    private final AtomicBoolean announced = new AtomicBoolean();

    /** A caller and the digest of its token. */
    private record Credential(String caller, byte[] digest) {}

    @Inject
    ApiTokens(
            Environment environment,
            @Value("${certfleet.api.protect-reads:false}") boolean protectReads,
            @Value("${" + ON_BEHALF_OF + ":}") List<String> onBehalfOf) {
        // without a key convention: RAW would leave out the keys environment variables contribute
        this(environment.getProperties(PREFIX), protectReads, onBehalfOf);
    }

    ApiTokens(Map<String, Object> tokens, boolean protectReads) {
        this(tokens, protectReads, List.of());
    }

    ApiTokens(Map<String, Object> tokens, boolean protectReads, List<String> onBehalfOf) {
        List<Credential> configured = new ArrayList<>();
        for (Map.Entry<String, Object> entry : new TreeMap<>(tokens).entrySet()) {
            configured.add(new Credential(caller(entry.getKey()), digest(token(entry.getKey(), entry.getValue()))));
        }
        this.credentials = List.copyOf(configured);
        this.protectReads = protectReads;
        Set<String> delegates = new TreeSet<>();
        for (String caller : onBehalfOf) {
            String name = caller.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (configured.stream().noneMatch(c -> c.caller().equals(name))) {
                throw new ConfigurationException(ON_BEHALF_OF + " names '" + name + "', which has no API token ("
                        + PREFIX + "." + name + "): only an authenticated caller can act on behalf of people");
            }
            delegates.add(name);
        }
        this.onBehalfOf = Set.copyOf(delegates);
    }

    /** Whether any token is configured; without one the API is open. */
    public boolean enforced() {
        return !credentials.isEmpty();
    }

    /** Whether GET, HEAD and OPTIONS need a token too (they do not by default). */
    public boolean protectReads() {
        return protectReads;
    }

    /**
     * Whether {@code caller} acts on behalf of people ({@link #ON_BEHALF_OF}): a command of it may name the person, who
     * is then recorded as {@code <person> (via <caller>)}.
     */
    public boolean actsOnBehalfOfPeople(String caller) {
        return onBehalfOf.contains(caller);
    }

    /** The configured callers, by name. */
    public List<String> callers() {
        return credentials.stream().map(Credential::caller).toList();
    }

    /**
     * The caller whose token this is, if any. Every configured digest is compared, whichever matches.
     *
     * @param presented the token from the request
     */
    public Optional<String> callerOf(String presented) {
        byte[] candidate = digest(presented);
        String found = null;
        for (Credential credential : credentials) {
            if (MessageDigest.isEqual(credential.digest(), candidate) && found == null) {
                found = credential.caller();
            }
        }
        return Optional.ofNullable(found);
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        if (!announced.compareAndSet(false, true)) {
            return;
        }
        if (enforced()) {
            LOG.info(
                    "API tokens configured for {}: POST, PUT, PATCH and DELETE need Authorization: Bearer <token>{}{}",
                    callers(),
                    protectReads ? ", and so do reads (certfleet.api.protect-reads)" : "; reads are open",
                    onBehalfOf.isEmpty()
                            ? ""
                            : "; " + new TreeSet<>(onBehalfOf) + " act on behalf of the people they name");
        } else {
            LOG.warn("The HTTP API's mutating endpoints (POST, PUT, PATCH, DELETE) are unauthenticated: anyone who can"
                    + " reach this service can call them. Configure certfleet.api.tokens.<caller>=<token> (in"
                    + " Kubernetes the environment variable CERTFLEET_API_TOKENS_<CALLER> from a Secret, a token of"
                    + " at least " + MIN_LENGTH + " characters) to require Authorization: Bearer <token>.");
        }
    }

    @Override
    public String toString() {
        return "ApiTokens[callers=" + callers() + ", protectReads=" + protectReads + ", onBehalfOf="
                + new TreeSet<>(onBehalfOf) + "]";
    }

    static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static String caller(String name) {
        if (!CALLER.matcher(name).matches()) {
            throw new ConfigurationException(PREFIX + "." + name + ": a caller name is 1 to 63 letters, digits, '-'"
                    + " or '_', without '.'; in an environment variable CERTFLEET_API_TOKENS_<CALLER> an '_' in <CALLER>"
                    + " reads as '.', so use letters and digits only there");
        }
        return name;
    }

    private static String token(String caller, Object value) {
        String token = value instanceof CharSequence || value instanceof Number ? String.valueOf(value) : null;
        if (token == null || token.isBlank()) {
            throw new ConfigurationException(
                    PREFIX + "." + caller + " is blank: the API token of caller '" + caller + "' must be set");
        }
        if (token.strip().length() != token.length()) {
            throw new ConfigurationException(PREFIX + "." + caller + ": the API token of caller '" + caller
                    + "' starts or ends with white space (a stray newline in the Secret?)");
        }
        if (token.length() < MIN_LENGTH) {
            throw new ConfigurationException(PREFIX + "." + caller + ": the API token of caller '" + caller
                    + "' is shorter than " + MIN_LENGTH + " characters; generate one, e.g. openssl rand -hex 32");
        }
        return token;
    }
}
