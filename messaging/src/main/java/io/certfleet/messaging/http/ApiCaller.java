package io.certfleet.messaging.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import java.util.Locale;
import java.util.Optional;

/**
 * Who called the API: the caller whose token {@link ApiTokenFilter} accepted, and the person a command is recorded
 * for.
 */
public final class ApiCaller {
    /** Request attribute holding the authenticated caller's name (a {@code String}). */
    public static final String ATTRIBUTE = "certfleet.api.caller";

    private ApiCaller() {}

    /** The authenticated caller of this request; empty when no token was needed or none is configured. */
    public static Optional<String> of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, String.class);
    }

    /**
     * The person to record for a command (approvedBy, cancelledBy, ...). An authenticated caller acts as itself: a
     * body that leaves the field out or names the caller (ignoring case) is recorded as the caller, one that names
     * someone else is refused. Without authentication the body's value is taken as it is, and must be there.
     *
     * @param field the body field naming the person, for the reason, e.g. {@code approvedBy}
     * @param named the field's value in the body, may be null
     */
    public static Actor actor(HttpRequest<?> request, String field, @Nullable String named) {
        boolean absent = named == null || named.isBlank();
        Optional<String> caller = of(request);
        if (caller.isPresent()) {
            String name = caller.get();
            if (absent || named.strip().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return new Actor.Authenticated(name);
            }
            return new Actor.Impersonation(field + " names someone other than the authenticated caller '" + name
                    + "': leave it out, or name the caller whose token you send");
        }
        if (absent) {
            return new Actor.Unnamed(field + " is required (or authenticate with an API token)");
        }
        return new Actor.Claimed(named);
    }

    /** Whom a command acts for, or why it may not run. */
    public sealed interface Actor {
        /** The authenticated caller: record {@code name}. */
        record Authenticated(String name) implements Actor {}

        /** No authentication (no token configured, or none needed): record the name the body gave. */
        record Claimed(String name) implements Actor {}

        /** The body names someone other than the authenticated caller: refuse with 403. */
        record Impersonation(String reason) implements Actor {}

        /** No authentication and no name in the body: refuse with 400. */
        record Unnamed(String reason) implements Actor {}
    }
}
