package io.certfleet.scanner;

import io.certfleet.messaging.http.ApiTokens;
import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/** scanner-service: the fleet's certificate inventory and scans (see DESIGN.md). */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "certfleet-scanner",
                        version = "1",
                        description =
                                "The fleet's certificate inventory: clusters, certificates (public facts only), scans."))
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
