package io.certfleet.messaging.http;

import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requires {@code Authorization: Bearer <token>} with one of {@link ApiTokens} on every mutating request (any method
 * but GET, HEAD and OPTIONS), and on reads too with {@code certfleet.api.protect-reads}; puts the caller's name in the
 * request attribute {@link ApiCaller#ATTRIBUTE}. {@code /health/**} and {@code /swagger/**} stay open. Without any token
 * configured it lets everything through (and {@link ApiTokens} warned at startup).
 *
 * <p>A refusal is 401 with {@code WWW-Authenticate: Bearer} and a JSON body saying what is missing; it never repeats
 * what the client sent.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
final class ApiTokenFilter implements Ordered {
    private static final Logger LOG = LoggerFactory.getLogger(ApiTokenFilter.class);
    private static final Set<HttpMethod> READS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS);
    // exact segments only: no "..", no percent-encoding, so an open prefix cannot be walked out of
    private static final Pattern OPEN = Pattern.compile("/(health|swagger)(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*/?");
    private static final String BEARER = "Bearer";
    private static final String REALM = BEARER + " realm=\"certfleet\"";

    private final ApiTokens tokens;
    private final String contextPath;

    ApiTokenFilter(ApiTokens tokens, @Value("${micronaut.server.context-path:}") String contextPath) {
        this.tokens = tokens;
        this.contextPath = contextPath.endsWith("/") ? contextPath.substring(0, contextPath.length() - 1) : contextPath;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }

    @RequestFilter
    @Nullable
    HttpResponse<?> authenticate(HttpRequest<?> request) {
        if (!tokens.enforced() || isOpen(request)) {
            return null;
        }
        List<String> authorizations = request.getHeaders().getAll(HttpHeaders.AUTHORIZATION);
        if (authorizations.isEmpty()) {
            return refuse(
                    request,
                    REALM,
                    "missing_token",
                    "this request needs an API token: send the header Authorization: Bearer <token> with a token from"
                            + " certfleet.api.tokens");
        }
        Optional<String> presented = authorizations.size() == 1 ? bearer(authorizations.get(0)) : Optional.empty();
        if (presented.isEmpty()) {
            return refuse(
                    request,
                    REALM + ", error=\"invalid_request\"",
                    "invalid_request",
                    "the Authorization header must be one header of the form Bearer <token>");
        }
        Optional<String> caller = tokens.callerOf(presented.get());
        if (caller.isEmpty()) {
            return refuse(
                    request,
                    REALM + ", error=\"invalid_token\"",
                    "invalid_token",
                    "the bearer token is not one of this service's API tokens (certfleet.api.tokens)");
        }
        request.setAttribute(ApiCaller.ATTRIBUTE, caller.get());
        if (tokens.actsOnBehalfOfPeople(caller.get())) {
            request.setAttribute(ApiCaller.ON_BEHALF_OF_ATTRIBUTE, Boolean.TRUE);
        }
        if (READS.contains(request.getMethod())) {
            LOG.debug("{} {} by API caller {}", request.getMethod(), request.getPath(), caller.get());
        } else {
            // who changed what: the audit line of every authenticated change
            LOG.info("{} {} by API caller {}", request.getMethod(), request.getPath(), caller.get());
        }
        return null;
    }

    private boolean isOpen(HttpRequest<?> request) {
        if (READS.contains(request.getMethod()) && !tokens.protectReads()) {
            return true;
        }
        String path = request.getPath();
        if (!contextPath.isEmpty()) {
            if (!path.startsWith(contextPath + "/")) {
                return false;
            }
            path = path.substring(contextPath.length());
        }
        return OPEN.matcher(path).matches();
    }

    private static Optional<String> bearer(String authorization) {
        int space = authorization.indexOf(' ');
        if (space < 0 || !authorization.substring(0, space).equalsIgnoreCase(BEARER)) {
            return Optional.empty();
        }
        String token = authorization.substring(space + 1).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }

    private static HttpResponse<?> refuse(HttpRequest<?> request, String challenge, String error, String message) {
        LOG.info("refused {} {}: {}", request.getMethod(), request.getPath(), error.replace('_', ' '));
        return HttpResponse.status(HttpStatus.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, challenge)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body("{\"error\":\"" + error + "\",\"message\":\"" + message + "\"}");
    }

    @Override
    public String toString() {
        return "ApiTokenFilter[" + tokens + "]";
    }
}
