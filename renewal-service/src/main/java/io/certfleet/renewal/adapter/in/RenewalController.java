package io.certfleet.renewal.adapter.in;

import io.certfleet.messaging.ClusterScope;
import io.certfleet.messaging.http.ApiCaller;
import io.certfleet.messaging.http.ApiScopes;
import io.certfleet.messaging.http.ApiTokens;
import io.certfleet.renewal.adapter.in.RenewalViews.ApproveRequest;
import io.certfleet.renewal.adapter.in.RenewalViews.CancelRequest;
import io.certfleet.renewal.adapter.in.RenewalViews.CommandResponse;
import io.certfleet.renewal.adapter.in.RenewalViews.RenewalDetailView;
import io.certfleet.renewal.adapter.in.RenewalViews.RenewalView;
import io.certfleet.renewal.adapter.in.RenewalViews.RetryRequest;
import io.certfleet.renewal.application.RenewalCommands;
import io.certfleet.renewal.application.RenewalQueries;
import io.certfleet.renewal.domain.execution.RenewalState;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * The renewal API. Thin: each call is one application method and a mapping of its answer to HTTP. Who approves,
 * cancels or retries is the caller of the request when API tokens are configured ({@link ApiCaller}).
 */
@Controller("/renewals")
@Tag(name = "renewals", description = "Renewals of cluster certificates: list, inspect, approve, cancel, retry")
final class RenewalController {
    private final RenewalQueries queries;
    private final RenewalCommands commands;
    private final ApiScopes scopes;

    RenewalController(RenewalQueries queries, RenewalCommands commands, ApiScopes scopes) {
        this.queries = queries;
        this.commands = commands;
        this.scopes = scopes;
    }

    @Get
    @Operation(
            summary = "Renewals, newest first, optionally of one cluster and/or in one state",
            description = "A caller limited to some clusters (certfleet.api.clusters.<caller>, with"
                    + " certfleet.api.protect-reads) sees only theirs.")
    HttpResponse<List<RenewalView>> list(
            HttpRequest<?> http,
            @QueryValue @Nullable String clusterId,
            @QueryValue @Nullable String state,
            @QueryValue(defaultValue = "100") int limit) {
        Optional<RenewalState> wanted;
        try {
            wanted = Optional.ofNullable(state).map(s -> RenewalState.valueOf(s.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return HttpResponse.badRequest();
        }
        return HttpResponse.ok(
                queries.list(scopes.visibleTo(http), Optional.ofNullable(clusterId), wanted, limit).stream()
                        .map(RenewalView::of)
                        .toList());
    }

    @Get("/{id}")
    @Operation(
            summary = "A renewal with the certificates it covers and its steps",
            description = "404 also for a renewal of a cluster the caller may not see.")
    HttpResponse<RenewalDetailView> get(HttpRequest<?> http, @PathVariable UUID id) {
        return queries.get(scopes.visibleTo(http), id)
                .map(RenewalDetailView::of)
                .map(HttpResponse::ok)
                .orElseGet(HttpResponse::notFound);
    }

    @Post("/{id}/approve")
    @SecurityRequirement(name = ApiTokens.OPENAPI_SCHEME)
    @Operation(
            summary = "Approve a renewal that awaits approval; it runs in the cluster's next window",
            description = "With API tokens configured, the approver is the caller the bearer token names.")
    HttpResponse<CommandResponse> approve(
            HttpRequest<?> http, @PathVariable UUID id, @Nullable @Body ApproveRequest request) {
        return as(
                http,
                id,
                "approvedBy",
                request == null ? null : request.approvedBy(),
                approver -> answer(commands.approve(id, approver, Optional.empty())));
    }

    @Post("/{id}/cancel")
    @SecurityRequirement(name = ApiTokens.OPENAPI_SCHEME)
    @Operation(
            summary = "Cancel an open renewal; a running one stops before its next node, or while it waits for the"
                    + " external signer",
            description = "With API tokens configured, the canceller is the caller the bearer token names.")
    HttpResponse<CommandResponse> cancel(
            HttpRequest<?> http, @PathVariable UUID id, @Nullable @Body CancelRequest request) {
        return as(
                http,
                id,
                "cancelledBy",
                request == null ? null : request.cancelledBy(),
                canceller -> answer(commands.cancel(id, canceller, request == null ? null : request.reason())));
    }

    @Post("/{id}/retry")
    @SecurityRequirement(name = ApiTokens.OPENAPI_SCHEME)
    @Operation(
            summary = "Run a failed renewal again from the step it failed at",
            description = "With API tokens configured, the requester is the caller the bearer token names.")
    HttpResponse<CommandResponse> retry(
            HttpRequest<?> http, @PathVariable UUID id, @Nullable @Body RetryRequest request) {
        return as(
                http,
                id,
                "requestedBy",
                request == null ? null : request.requestedBy(),
                requester -> answer(commands.retry(id, requester)));
    }

    /**
     * Runs the command as the person to record: the authenticated caller, or without tokens the body's name. A caller
     * whose clusters ({@link ApiScopes}) leave out the renewal's gets 403.
     */
    private HttpResponse<CommandResponse> as(
            HttpRequest<?> http,
            UUID id,
            String field,
            @Nullable String named,
            Function<String, HttpResponse<CommandResponse>> command) {
        Optional<String> outOfScope = queries.get(ClusterScope.all(), id)
                .flatMap(d -> scopes.refusal(http, d.renewal().clusterId()));
        if (outOfScope.isPresent()) {
            return HttpResponse.<CommandResponse>status(HttpStatus.FORBIDDEN)
                    .body(new CommandResponse(null, outOfScope.get()));
        }
        return switch (ApiCaller.actor(http, field, named)) {
            case ApiCaller.Actor.Authenticated caller -> command.apply(caller.name());
            case ApiCaller.Actor.Claimed claimed -> command.apply(claimed.name());
            case ApiCaller.Actor.Impersonation refused ->
                HttpResponse.<CommandResponse>status(HttpStatus.FORBIDDEN)
                        .body(new CommandResponse(null, refused.reason()));
            case ApiCaller.Actor.Unnamed unnamed ->
                HttpResponse.<CommandResponse>status(HttpStatus.BAD_REQUEST)
                        .body(new CommandResponse(null, unnamed.reason()));
        };
    }

    private static HttpResponse<CommandResponse> answer(RenewalCommands.Result result) {
        return switch (result) {
            case RenewalCommands.Result.Done done ->
                HttpResponse.ok(new CommandResponse(RenewalView.of(done.renewal()), done.message()));
            case RenewalCommands.Result.NotFound notFound ->
                HttpResponse.<CommandResponse>status(HttpStatus.NOT_FOUND)
                        .body(new CommandResponse(null, "no renewal " + notFound.id()));
            case RenewalCommands.Result.Conflict conflict ->
                HttpResponse.<CommandResponse>status(HttpStatus.CONFLICT)
                        .body(new CommandResponse(RenewalView.of(conflict.renewal()), conflict.message()));
        };
    }
}
