package io.certfleet.renewal.adapter.in;

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
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** The renewal API. Thin: each call is one application method and a mapping of its answer to HTTP. */
@Controller("/renewals")
@Tag(name = "renewals", description = "Renewals of cluster certificates: list, inspect, approve, cancel, retry")
final class RenewalController {
    private final RenewalQueries queries;
    private final RenewalCommands commands;

    RenewalController(RenewalQueries queries, RenewalCommands commands) {
        this.queries = queries;
        this.commands = commands;
    }

    @Get
    @Operation(summary = "Renewals, newest first, optionally of one cluster and/or in one state")
    HttpResponse<List<RenewalView>> list(
            @QueryValue @Nullable String clusterId,
            @QueryValue @Nullable String state,
            @QueryValue(defaultValue = "100") int limit) {
        Optional<RenewalState> wanted;
        try {
            wanted = Optional.ofNullable(state).map(s -> RenewalState.valueOf(s.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return HttpResponse.badRequest();
        }
        return HttpResponse.ok(queries.list(Optional.ofNullable(clusterId), wanted, limit).stream()
                .map(RenewalView::of)
                .toList());
    }

    @Get("/{id}")
    @Operation(summary = "A renewal with the certificates it covers and its steps")
    HttpResponse<RenewalDetailView> get(@PathVariable UUID id) {
        return queries.get(id).map(RenewalDetailView::of).map(HttpResponse::ok).orElseGet(HttpResponse::notFound);
    }

    @Post("/{id}/approve")
    @Operation(summary = "Approve a renewal that awaits approval; it runs in the cluster's next window")
    HttpResponse<CommandResponse> approve(@PathVariable UUID id, @Body ApproveRequest request) {
        return answer(commands.approve(id, request.approvedBy(), Optional.empty()));
    }

    @Post("/{id}/cancel")
    @Operation(summary = "Cancel an open renewal; a running one stops before its next node")
    HttpResponse<CommandResponse> cancel(@PathVariable UUID id, @Body CancelRequest request) {
        return answer(commands.cancel(id, request.cancelledBy(), request.reason()));
    }

    @Post("/{id}/retry")
    @Operation(summary = "Run a failed renewal again from the step it failed at")
    HttpResponse<CommandResponse> retry(@PathVariable UUID id, @Body RetryRequest request) {
        return answer(commands.retry(id, request.requestedBy()));
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
