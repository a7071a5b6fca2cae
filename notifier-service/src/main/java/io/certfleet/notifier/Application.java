package io.certfleet.notifier;

import io.micronaut.runtime.Micronaut;

/** notifier-service: tells people about problems, once per problem, and takes their approvals (see DESIGN.md). */
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
