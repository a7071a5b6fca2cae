package io.certfleet.upgrade;

import io.micronaut.runtime.Micronaut;

/** upgrade-service: plans and sequences kubeadm upgrades (see DESIGN.md). */
public final class Application {
    private Application() {}

    public static void main(String[] args) {
        Micronaut.run(Application.class, args);
    }
}
