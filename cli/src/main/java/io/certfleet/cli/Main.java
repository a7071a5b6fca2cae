package io.certfleet.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;

/** Entry point of the {@code certfleet} command; {@code ./certfleet} at the repository root runs it. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // one logging configuration (logback.xml) for every library, java.util.logging ones included
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int run(String... args) {
        return new CommandLine(new CertfleetCommand())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new UserFacingErrors())
                .execute(args);
    }
}
