package io.certfleet.renewal;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** renewal-service: decides renewals from expiry events and drives them (see DESIGN.md). */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "certfleet-renewal",
                        version = "1",
                        description = "Renewals of the fleet's certificates: decisions, approvals, progress node by"
                                + " node. Public facts only."))
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
