package io.certfleet.scanner;

import io.micronaut.runtime.Micronaut;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/** scanner-service: the fleet's certificate inventory and scans (see DESIGN.md). */
@OpenAPIDefinition(
        info =
                @Info(
                        title = "certfleet-scanner",
                        version = "1",
                        description =
                                "The fleet's certificate inventory: clusters, certificates (public facts only), scans."))
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
