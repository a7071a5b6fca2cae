package io.certfleet.cli.demo;

/** The four services, with what it takes to start one as its own process. */
enum ServiceName {
    SCANNER("scanner-service", "io.certfleet.scanner.Application"),
    RENEWAL("renewal-service", "io.certfleet.renewal.Application"),
    UPGRADE("upgrade-service", "io.certfleet.upgrade.Application"),
    NOTIFIER("notifier-service", "io.certfleet.notifier.Application");

    private final String artifact;
    private final String mainClass;

    ServiceName(String artifact, String mainClass) {
        this.artifact = artifact;
        this.mainClass = mainClass;
    }

    String artifact() {
        return artifact;
    }

    String mainClass() {
        return mainClass;
    }
}
