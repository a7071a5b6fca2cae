package io.certfleet.scanner.adapter.in;

import io.certfleet.events.ExpirySeverity;
import io.certfleet.messaging.http.ApiScopes;
import io.certfleet.scanner.application.CertificateQuery;
import io.certfleet.scanner.application.CertificateView;
import io.certfleet.scanner.application.InventoryQueries;
import io.certfleet.scanner.domain.expiry.ExpiryThresholds;
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
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The certificate inventory: public facts of every certificate found, soonest expiry first; a caller limited to some
 * clusters ({@link ApiScopes}) sees theirs only.
 */
@Controller("/certificates")
@Tag(name = "certificates")
final class CertificateController {
    private final InventoryQueries queries;
    private final ApiScopes scopes;

    CertificateController(InventoryQueries queries, ApiScopes scopes) {
        this.queries = queries;
        this.scopes = scopes;
    }

    /**
     * Searches the inventory; filters combine.
     *
     * @param cluster one cluster
     * @param team clusters whose {@code team} label has this value
     * @param severity WARNING, CRITICAL or EXPIRED (as last announced)
     * @param expiringWithin notAfter at most this far away, expired ones included: {@code P30D}, {@code 30d}, {@code
     *     12h}
     * @param limit at most this many (default 500, at most 5000)
     * @param offset skip this many
     * @return the certificates, soonest expiry first
     */
    @Get
    @ApiResponse(
            responseCode = "200",
            description = "the certificates",
            content =
                    @Content(
                            mediaType = "application/json",
                            array = @ArraySchema(schema = @Schema(implementation = CertificateView.class))))
    @ApiResponse(
            responseCode = "400",
            description = "invalid filter",
            content =
                    @Content(mediaType = "application/json", schema = @Schema(implementation = ApiTypes.Problem.class)))
    HttpResponse<?> find(
            HttpRequest<?> http,
            @QueryValue @Nullable String cluster,
            @QueryValue @Nullable String team,
            @QueryValue @Nullable String severity,
            @QueryValue @Nullable String expiringWithin,
            @QueryValue @Nullable Integer limit,
            @QueryValue @Nullable Integer offset) {
        CertificateQuery query;
        try {
            query = new CertificateQuery(
                    scopes.visibleTo(http),
                    Optional.ofNullable(cluster),
                    Optional.ofNullable(team),
                    Optional.ofNullable(severity).map(s -> severity(s)),
                    Optional.ofNullable(expiringWithin).map(CertificateController::window),
                    limit == null ? 500 : limit,
                    offset == null ? 0 : offset);
        } catch (IllegalArgumentException e) {
            return HttpResponse.badRequest(new ApiTypes.Problem(e.getMessage()));
        }
        return HttpResponse.ok(queries.certificates(query));
    }

    private static ExpirySeverity severity(String value) {
        try {
            return ExpirySeverity.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("severity must be WARNING, CRITICAL or EXPIRED");
        }
    }

    private static Duration window(String value) {
        return ExpiryThresholds.parseDuration(value);
    }
}
