package io.certfleet.scanner.adapter.in;

import io.certfleet.messaging.http.ApiCaller;
import io.certfleet.messaging.http.ApiScopes;
import io.certfleet.messaging.http.ApiTokens;
import io.certfleet.scanner.application.ClusterSummary;
import io.certfleet.scanner.application.InventoryQueries;
import io.certfleet.scanner.application.RegisterClusters;
import io.certfleet.scanner.application.RequestScan;
import io.certfleet.scanner.domain.inventory.ClusterOrigin;
import io.certfleet.scanner.domain.scan.ScanRequest;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Optional;

/**
 * The fleet inventory's clusters: list, read, register, remove, scan now. With API tokens configured
 * ({@code certfleet.api.tokens}) registering, removing and scanning need one (reads too with
 * {@code certfleet.api.protect-reads}).
 */
@Controller("/clusters")
@Tag(name = "clusters")
final class ClusterController {
    private final InventoryQueries queries;
    private final RegisterClusters register;
    private final RequestScan requestScan;
    private final ApiScopes scopes;

    ClusterController(InventoryQueries queries, RegisterClusters register, RequestScan requestScan, ApiScopes scopes) {
        this.queries = queries;
        this.register = register;
        this.requestScan = requestScan;
        this.scopes = scopes;
    }

    /** 403 with the reason when the caller's clusters ({@link ApiScopes}) leave this one out. */
    private Optional<HttpResponse<?>> outOfScope(HttpRequest<?> http, @Nullable String clusterId) {
        return Optional.ofNullable(clusterId)
                .flatMap(id -> scopes.refusal(http, id))
                .map(reason -> HttpResponse.status(HttpStatus.FORBIDDEN).body(new ApiTypes.Problem(reason)));
    }

    /**
     * Lists clusters, optionally of one team; a caller limited to some clusters ({@link ApiScopes}) sees theirs only.
     *
     * @param team the value of the clusters' {@code team} label
     * @param limit at most this many (default 500, at most 5000)
     * @param offset skip this many
     * @return the clusters, by id
     */
    @Get
    @ApiResponse(
            responseCode = "200",
            description = "the clusters",
            content =
                    @Content(
                            mediaType = "application/json",
                            array = @ArraySchema(schema = @Schema(implementation = ClusterSummary.class))))
    @ApiResponse(
            responseCode = "400",
            description = "bad paging",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = ApiTypes.Problem.class)))
    HttpResponse<?> list(
            HttpRequest<?> http,
            @QueryValue @Nullable String team,
            @QueryValue @Nullable Integer limit,
            @QueryValue @Nullable Integer offset) {
        int l = limit == null ? 500 : limit;
        int o = offset == null ? 0 : offset;
        if (l < 1 || l > 5000 || o < 0) {
            return HttpResponse.badRequest(new ApiTypes.Problem("limit must be 1..5000 and offset not negative"));
        }
        List<ClusterSummary> clusters = queries.clusters(scopes.visibleTo(http), Optional.ofNullable(team), l, o);
        return HttpResponse.ok(clusters);
    }

    /**
     * One cluster with its nodes and endpoints.
     *
     * @param id the cluster id
     * @return the cluster, 404 if unknown or outside the caller's clusters
     */
    @Get("/{id}")
    @ApiResponse(
            responseCode = "200",
            description = "the cluster",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = InventoryQueries.ClusterDetails.class)))
    @ApiResponse(
            responseCode = "404",
            description = "unknown cluster",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = ApiTypes.Problem.class)))
    HttpResponse<?> get(HttpRequest<?> http, @PathVariable String id) {
        return queries.cluster(scopes.visibleTo(http), id)
                .<HttpResponse<?>>map(HttpResponse::ok)
                .orElseGet(() -> HttpResponse.notFound(new ApiTypes.Problem("no cluster " + id)));
    }

    /**
     * Registers a cluster or replaces it (same id). Clusters from the inventory file or from discovery cannot be
     * replaced here (409).
     *
     * @param document the cluster
     * @return 201 when new, 200 when replaced
     */
    @Post
    @SecurityRequirement(name = ApiTokens.OPENAPI_SCHEME)
    @ApiResponse(
            responseCode = "201",
            description = "registered",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = ApiTypes.Registered.class)))
    @ApiResponse(
            responseCode = "200",
            description = "replaced",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = ApiTypes.Registered.class)))
    @ApiResponse(
            responseCode = "400",
            description = "invalid document",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = ApiTypes.Problem.class)))
    @ApiResponse(
            responseCode = "409",
            description = "registered by another source",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = ApiTypes.Problem.class)))
    @ApiResponse(
            responseCode = "403",
            description = "the caller may not act on this cluster (certfleet.api.clusters.<caller>)",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = ApiTypes.Problem.class)))
    HttpResponse<?> register(HttpRequest<?> http, @Body ClusterDocument document) {
        Optional<HttpResponse<?>> refused = outOfScope(http, document.id());
        if (refused.isPresent()) {
            return refused.get();
        }
        RegisterClusters.Registration registration;
        try {
            registration = register.register(document.toCluster(ClusterOrigin.API));
        } catch (IllegalArgumentException e) {
            return HttpResponse.badRequest(new ApiTypes.Problem(e.getMessage()));
        }
        return switch (registration) {
            case RegisterClusters.Created c -> HttpResponse.created(new ApiTypes.Registered(c.clusterId(), true));
            case RegisterClusters.Updated u -> HttpResponse.ok(new ApiTypes.Registered(u.clusterId(), false));
            case RegisterClusters.Refused r ->
                HttpResponse.status(HttpStatus.CONFLICT).body(new ApiTypes.Problem(r.reason()));
        };
    }

    /**
     * Removes a cluster registered through this API, with its certificates.
     *
     * @param id the cluster id
     * @return 204, 404 if unknown, 409 if another source registered it
     */
    @Delete("/{id}")
    @SecurityRequirement(name = ApiTokens.OPENAPI_SCHEME)
    @ApiResponse(responseCode = "204", description = "removed")
    @ApiResponse(
            responseCode = "404",
            description = "unknown cluster",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = ApiTypes.Problem.class)))
    @ApiResponse(
            responseCode = "409",
            description = "registered by another source",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = ApiTypes.Problem.class)))
    @ApiResponse(
            responseCode = "403",
            description = "the caller may not act on this cluster (certfleet.api.clusters.<caller>)",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = ApiTypes.Problem.class)))
    HttpResponse<?> remove(HttpRequest<?> http, @PathVariable String id) {
        Optional<HttpResponse<?>> outOfScope = outOfScope(http, id);
        if (outOfScope.isPresent()) {
            return outOfScope.get();
        }
        return register.unregister(id)
                .<HttpResponse<?>>map(r -> r instanceof RegisterClusters.Refused refused
                        ? HttpResponse.status(HttpStatus.CONFLICT).body(new ApiTypes.Problem(refused.reason()))
                        : HttpResponse.noContent())
                .orElseGet(() -> HttpResponse.notFound(new ApiTypes.Problem("no cluster " + id)));
    }

    /**
     * Asks for a scan of the cluster now. The scan runs in the scan pipeline; its ScanCompleted event and {@code GET
     * /scans?cluster=} show the result. With API tokens configured, the scan's reason names the caller.
     *
     * @param id the cluster id
     * @return 202 with the request, 404 if unknown
     */
    @Post("/{id}/scans")
    @SecurityRequirement(name = ApiTokens.OPENAPI_SCHEME)
    @ApiResponse(
            responseCode = "202",
            description = "scan requested",
            content =
                    @Content(
                            mediaType = "application/json",
                            schema = @Schema(implementation = ApiTypes.ScanAccepted.class)))
    @ApiResponse(
            responseCode = "404",
            description = "unknown cluster",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = ApiTypes.Problem.class)))
    @ApiResponse(
            responseCode = "403",
            description = "the caller may not act on this cluster (certfleet.api.clusters.<caller>)",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = ApiTypes.Problem.class)))
    HttpResponse<?> scan(HttpRequest<?> http, @PathVariable String id) {
        Optional<HttpResponse<?>> refused = outOfScope(http, id);
        if (refused.isPresent()) {
            return refused.get();
        }
        String reason = ApiCaller.of(http)
                .map(caller -> "asked through the API by " + caller)
                .orElse("asked through the API");
        Optional<ScanRequest> request = requestScan.request(id, reason);
        return request.<HttpResponse<?>>map(r ->
                        HttpResponse.accepted().body(new ApiTypes.ScanAccepted(r.id(), r.clusterId(), r.requestedAt())))
                .orElseGet(() -> HttpResponse.notFound(new ApiTypes.Problem("no cluster " + id)));
    }
}
