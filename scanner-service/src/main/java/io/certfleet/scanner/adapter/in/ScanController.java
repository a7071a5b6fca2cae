package io.certfleet.scanner.adapter.in;

import io.certfleet.messaging.http.ApiScopes;
import io.certfleet.scanner.application.InventoryQueries;
import io.certfleet.scanner.application.ScanView;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Optional;

/**
 * Scans and their progress (a running scan shows how many nodes it has read); a caller limited to some clusters
 * ({@link ApiScopes}) sees theirs only.
 */
@Controller("/scans")
@Tag(name = "scans")
final class ScanController {
    private final InventoryQueries queries;
    private final ApiScopes scopes;

    ScanController(InventoryQueries queries, ApiScopes scopes) {
        this.queries = queries;
        this.scopes = scopes;
    }

    /**
     * Recent scans, newest first.
     *
     * @param cluster one cluster
     * @param limit at most this many (default 100, at most 1000)
     * @return the scans
     */
    @Get
    @ApiResponse(
            responseCode = "200",
            description = "the scans",
            content =
                    @Content(
                            mediaType = "application/json",
                            array = @ArraySchema(schema = @Schema(implementation = ScanView.class))))
    @ApiResponse(
            responseCode = "400",
            description = "bad limit",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = ApiTypes.Problem.class)))
    HttpResponse<?> list(
            HttpRequest<?> http, @QueryValue @Nullable String cluster, @QueryValue @Nullable Integer limit) {
        int l = limit == null ? 100 : limit;
        if (l < 1 || l > 1000) {
            return HttpResponse.badRequest(new ApiTypes.Problem("limit must be 1..1000"));
        }
        return HttpResponse.ok(queries.scans(scopes.visibleTo(http), Optional.ofNullable(cluster), l));
    }
}
