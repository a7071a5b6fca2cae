package io.certfleet.scanner.domain;

import io.certfleet.events.SourceKind;

/**
 * One place certificates of a cluster are read from: a node's PKI directory, a Secret, a TLS endpoint.
 *
 * @param kind what kind of source
 * @param location where (a path, {@code namespace/name}, {@code host:port})
 */
public record ScanSource(SourceKind kind, String location) {}
