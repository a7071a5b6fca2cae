package io.certfleet.renewal;

import io.micronaut.runtime.Micronaut;

/** renewal-service: decides renewals from expiry events and drives them (see DESIGN.md). */
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
