package io.certfleet.notifier;

import io.certfleet.messaging.http.ApiTokens;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** notifier-service: tells people about problems, once per problem, and takes their approvals (see DESIGN.md). */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "certfleet-notifier",
                        version = "1",
                        description = "Approvals that wait for a person: list the pending ones, grant one. Served"
                                + " only with certfleet.notifier.http-approvals=true."))
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
