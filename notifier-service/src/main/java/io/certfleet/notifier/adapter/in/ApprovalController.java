package io.certfleet.notifier.adapter.in;

import io.certfleet.messaging.http.ApiCaller;
import io.certfleet.messaging.http.ApiScopes;
import io.certfleet.messaging.http.ApiTokens;
import io.certfleet.notifier.application.GrantApproval;
import io.certfleet.notifier.domain.Approval;
import io.certfleet.notifier.domain.GrantDecision;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.UUID;

/**
 * Approvals over HTTP: list pending ones (a caller limited to some clusters sees theirs only), grant one. Off unless {@code certfleet.notifier.http-approvals} is true (see
 * DESIGN.md). With API tokens configured ({@code certfleet.api.tokens}) a grant needs one, and the approver recorded is
 * the caller the token names; without them it is open and the body names the approver.
 */
@Requires(property = "certfleet.notifier.http-approvals", value = "true")
// not final: validation of the request body is AOP advice on this class
@Controller("/approvals")
class ApprovalController {
    private final GrantApproval grantApproval;
    private final ApiScopes scopes;

    ApprovalController(GrantApproval grantApproval, ApiScopes scopes) {
        this.grantApproval = grantApproval;
        this.scopes = scopes;
    }

    @Get
    @Operation(
            summary = "The approvals still waiting for a person, oldest first",
            description = "A caller limited to some clusters (certfleet.api.clusters.<caller>, with"
                    + " certfleet.api.protect-reads) sees theirs only.")
    @ApiResponse(
            responseCode = "200",
            description = "the pending approvals",
            content =
                    @Content(
                            mediaType = "application/json",
                            array = @ArraySchema(schema = @Schema(implementation = ApprovalView.class))))
    List<ApprovalView> pending(HttpRequest<?> http) {
        return grantApproval.pending(scopes.visibleTo(http)).stream()
                .map(ApprovalView::of)
                .toList();
    }

    @Post("/{id}/grant")
    @SecurityRequirement(name = ApiTokens.OPENAPI_SCHEME)
    @Operation(
            summary = "Grant a pending approval; ApprovalGranted goes to the service that waits for it",
            description = "With API tokens configured, the approver is the caller the bearer token names, and a"
                    + " caller limited to some clusters (certfleet.api.clusters.<caller>) gets 403 for the others.")
    @ApiResponse(
            responseCode = "200",
            description = "granted",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = ApprovalView.class)))
    @ApiResponse(
            responseCode = "400",
            description = "no approver named, or a body that fails validation",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Problem.class)))
    @ApiResponse(
            responseCode = "403",
            description = "impersonation, or a cluster outside the caller's",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Problem.class)))
    @ApiResponse(
            responseCode = "404",
            description = "no such approval",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Problem.class)))
    @ApiResponse(
            responseCode = "409",
            description = "already granted, or withdrawn",
            content = @Content(mediaType = "application/json", schema = @Schema(implementation = Problem.class)))
    HttpResponse<?> grant(HttpRequest<?> http, @PathVariable UUID id, @Valid @Body GrantRequest request) {
        return switch (ApiCaller.actor(http, "approvedBy", request.approvedBy())) {
            case ApiCaller.Actor.Authenticated caller -> grant(http, id, caller.name(), request);
            case ApiCaller.Actor.Claimed claimed -> grant(http, id, claimed.name(), request);
            case ApiCaller.Actor.Impersonation refused ->
                HttpResponse.status(HttpStatus.FORBIDDEN).body(new Problem(refused.reason()));
            case ApiCaller.Actor.Unnamed unnamed -> HttpResponse.badRequest(new Problem(unnamed.reason()));
        };
    }

    private HttpResponse<?> grant(HttpRequest<?> http, UUID id, String approvedBy, GrantRequest request) {
        return grantApproval
                .grant(id, approvedBy, request.channel(), request.comment(), cluster -> scopes.refusal(http, cluster))
                .<HttpResponse<?>>map(decision -> switch (decision) {
                    case GrantDecision.Granted granted -> HttpResponse.ok(ApprovalView.of(granted.approval()));
                    case GrantDecision.NotPending notPending ->
                        HttpResponse.status(HttpStatus.CONFLICT).body(new Problem(notPending.reason()));
                    case GrantDecision.NotAllowed notAllowed ->
                        HttpResponse.status(HttpStatus.FORBIDDEN).body(new Problem(notAllowed.reason()));
                })
                .orElseGet(() -> HttpResponse.notFound(new Problem("no approval " + id)));
    }

    /** A person's approval; {@code approvedBy} may be left out when the caller sends an API token. */
    @Serdeable
    record GrantRequest(
            @Nullable @Size(max = 200) String approvedBy,
            @NotBlank @Size(max = 50) String channel,
            @Nullable @Size(max = 1000) String comment) {}

    /** Why a request was refused. */
    @Serdeable
    record Problem(String message) {}

    /** An approval as the API shows it. */
    @Serdeable
    record ApprovalView(
            String id,
            String clusterId,
            String subjectKind,
            String subjectId,
            String summary,
            String state,
            String requestedAt,
            @Nullable String approvedBy,
            @Nullable String channel,
            @Nullable String comment,
            @Nullable String approvedAt) {

        static ApprovalView of(Approval approval) {
            Approval.Grant grant = approval.decision();
            return new ApprovalView(
                    approval.id().toString(),
                    approval.clusterId(),
                    approval.subjectKind().name(),
                    approval.subjectId(),
                    approval.summary(),
                    approval.state().name(),
                    approval.requestedAt().toString(),
                    grant == null ? null : grant.approvedBy(),
                    grant == null ? null : grant.channel(),
                    grant == null ? null : grant.comment(),
                    grant == null ? null : grant.at().toString());
        }
    }
}
