package io.certfleet.scanner;

import io.micronaut.runtime.Micronaut;

/** scanner-service: the fleet's certificate inventory and scans (see DESIGN.md). */
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
