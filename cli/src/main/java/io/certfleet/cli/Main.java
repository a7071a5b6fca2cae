package io.certfleet.cli;

import picocli.CommandLine;

/** Entry point of the {@code certfleet} command; {@code ./certfleet} at the repository root runs it. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
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
