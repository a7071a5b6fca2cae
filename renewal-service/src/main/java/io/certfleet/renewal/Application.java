package io.certfleet.renewal;

import io.certfleet.messaging.http.ApiTokens;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** renewal-service: decides renewals from expiry events and drives them (see DESIGN.md). */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "certfleet-renewal",
                        version = "1",
                        description = "Renewals of the fleet's certificates: decisions, approvals, progress node by"
                                + " node. Public facts only."))
@SecurityScheme(
        name = ApiTokens.OPENAPI_SCHEME,
        type = SecuritySchemeType.HTTP,
        scheme = "bearer",
        description = ApiTokens.OPENAPI_SCHEME_DESCRIPTION)
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
