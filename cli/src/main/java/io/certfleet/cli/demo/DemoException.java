package io.certfleet.cli.demo;

/** A demo step that cannot go on; the message says which step and why, for the person watching. */
final class DemoException extends RuntimeException {
    DemoException(String message) {
        super(message);
    }

    DemoException(String message, Throwable cause) {
        super(message, cause);
    }
}
