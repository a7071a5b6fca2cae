package io.certfleet.cli;

import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Turns an unexpected exception into one line on stderr and exit code 1: no stack trace reaches
 * the user unless {@code CERTFLEET_DEBUG=1} asks for it.
 */
final class UserFacingErrors implements IExecutionExceptionHandler {
    static final int EXIT_FAILURE = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, ParseResult parseResult) {
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        commandLine.getErr().println("certfleet " + commandLine.getCommandName() + ": " + message);
        if ("1".equals(System.getenv("CERTFLEET_DEBUG"))) {
            ex.printStackTrace(commandLine.getErr());
        }
        return EXIT_FAILURE;
    }
}
