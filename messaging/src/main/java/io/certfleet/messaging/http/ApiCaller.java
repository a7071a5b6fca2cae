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
    /** Request attribute set ({@code Boolean.TRUE}) when the caller acts on behalf of people. */
    public static final String ON_BEHALF_OF_ATTRIBUTE = "certfleet.api.on-behalf-of";

    private ApiCaller() {}

    /** The authenticated caller of this request; empty when no token was needed or none is configured. */
    public static Optional<String> of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, String.class);
    }

    /**
     * The person to record for a command (approvedBy, cancelledBy, ...). An authenticated caller acts as itself: a
     * body that leaves the field out or names the caller (ignoring case) is recorded as the caller, one that names
     * someone else is refused, unless the caller acts on behalf of people ({@link ApiTokens#ON_BEHALF_OF}, a chat bot):
     * then it is recorded as {@code <person> (via <caller>)}. Without authentication the body's value is taken as it
     * is, and must be there. A name with control characters (a line break forging a log line) is refused.
     *
     * @param field the body field naming the person, for the reason, e.g. {@code approvedBy}
     * @param named the field's value in the body, may be null
     */
    public static Actor actor(HttpRequest<?> request, String field, @Nullable String named) {
        boolean absent = named == null || named.isBlank();
        if (!absent && named.codePoints().anyMatch(Character::isISOControl)) {
            return new Actor.Unnamed(field + " holds a control character (a line break?): name the person plainly");
        }
        Optional<String> caller = of(request);
        if (caller.isPresent()) {
            String name = caller.get();
            if (absent || named.strip().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return new Actor.Authenticated(name);
            }
            if (request.getAttribute(ON_BEHALF_OF_ATTRIBUTE, Boolean.class).orElse(false)) {
                return new Actor.Authenticated(named.strip() + " (via " + name + ")");
            }
            return new Actor.Impersonation(field + " names someone other than the authenticated caller '" + name
                    + "': leave it out, or name the caller whose token you send (a caller that acts for people, such"
                    + " as a chat bot, is listed in " + ApiTokens.ON_BEHALF_OF + ")");
        }
        if (absent) {
            return new Actor.Unnamed(field + " is required (or authenticate with an API token)");
        }
        return new Actor.Claimed(named);
    }

    /** Whom a command acts for, or why it may not run. */
    public sealed interface Actor {
        /**
         * The authenticated caller: record {@code name}, the caller's, or {@code <person> (via <caller>)} for a caller
         * that acts on behalf of people.
         */
        record Authenticated(String name) implements Actor {}

        /** No authentication (no token configured, or none needed): record the name the body gave. */
        record Claimed(String name) implements Actor {}

        /** The body names someone other than the authenticated caller: refuse with 403. */
        record Impersonation(String reason) implements Actor {}

        /** No authentication and no name in the body, or a name with control characters: refuse with 400. */
        record Unnamed(String reason) implements Actor {}
    }
}
