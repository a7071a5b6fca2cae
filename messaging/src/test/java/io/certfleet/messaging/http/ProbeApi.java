package io.certfleet.messaging.http;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Map;

/**
 * A controller written the way the services write theirs, for {@link ApiTokenFilterTest}: it answers with the caller
 * the filter put on the request, and records approvals through {@link ApiCaller#actor}.
 */
@Requires(property = ProbeApi.ENABLED, value = "true")
@Controller("/probe")
final class ProbeApi {
    static final String ENABLED = "certfleet.test.probe-api";

    @Get
    Map<String, String> read(HttpRequest<?> request) {
        return answer(request);
    }

    @Post
    Map<String, String> create(HttpRequest<?> request) {
        return answer(request);
    }

    @Put
    Map<String, String> replace(HttpRequest<?> request) {
        return answer(request);
    }

    @Patch
    Map<String, String> change(HttpRequest<?> request) {
        return answer(request);
    }

    @Delete
    Map<String, String> remove(HttpRequest<?> request) {
        return answer(request);
    }

    @Post("/approve")
    HttpResponse<Map<String, String>> approve(HttpRequest<?> request, @Nullable @Body Map<String, String> body) {
        String named = body == null ? null : body.get("approvedBy");
        return switch (ApiCaller.actor(request, "approvedBy", named)) {
            case ApiCaller.Actor.Authenticated a -> HttpResponse.ok(Map.of("approvedBy", a.name()));
            case ApiCaller.Actor.Claimed c -> HttpResponse.ok(Map.of("approvedBy", c.name()));
            case ApiCaller.Actor.Impersonation i ->
                HttpResponse.<Map<String, String>>status(io.micronaut.http.HttpStatus.FORBIDDEN)
                        .body(Map.of("message", i.reason()));
            case ApiCaller.Actor.Unnamed u -> HttpResponse.badRequest(Map.of("message", u.reason()));
        };
    }

    private static Map<String, String> answer(HttpRequest<?> request) {
        return Map.of("caller", ApiCaller.of(request).orElse("-"));
    }

    /**
     * The probe context has no database; the outbox relay, which every messaging context starts, gets a transaction
     * manager that refuses to be used (with {@code relay-enabled=false} it never is).
     */
    @Factory
    @Requires(property = ENABLED, value = "true")
    static final class NoDatabase {
        @Singleton
        @SuppressWarnings("unchecked")
        TransactionOperations<Connection> transactions() {
            return (TransactionOperations<Connection>) Proxy.newProxyInstance(
                    TransactionOperations.class.getClassLoader(),
                    new Class<?>[] {TransactionOperations.class},
                    (proxy, method, arguments) -> {
                        throw new UnsupportedOperationException("the probe context has no database");
                    });
        }
    }
}
