package io.certfleet.cli;

/** The {@code -o} values of the certificate commands (case-insensitive on the command line). */
enum OutputFormat {
    TABLE,
    JSON,
    YAML
}
