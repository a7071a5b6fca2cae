package io.certfleet.scanner.domain.scan;

import java.util.Objects;

/**
 * A unit of a cluster's sources that is read as a whole: one node's files, one endpoint, the cluster's Secrets, its
 * CSRs, its trust bundles. When a scope was read completely, inventory rows of that scope not seen again are gone
 * from the cluster and are removed; when it was not (node unreachable), its rows are kept as they were.
 *
 * @param value {@code node:<name>}, {@code endpoint:<url>}, {@code secrets}, {@code csr}, {@code trust}
 */
public record ScanScope(String value) {
    public static final ScanScope SECRETS = new ScanScope("secrets");
    public static final ScanScope CSRS = new ScanScope("csr");
    public static final ScanScope TRUST = new ScanScope("trust");

    public ScanScope {
        Objects.requireNonNull(value, "value");
    }

    public static ScanScope node(String nodeName) {
        return new ScanScope("node:" + nodeName);
    }

    public static ScanScope endpoint(String url) {
        return new ScanScope("endpoint:" + url);
    }

    @Override
    public String toString() {
        return value;
    }
}
