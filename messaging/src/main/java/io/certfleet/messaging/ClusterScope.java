package io.certfleet.messaging;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The clusters someone may see or act on: all of them, or those whose id matches one of some patterns ({@code *}
 * standing for any run of characters, everything else literal). Queries filter by it in SQL with
 * {@link #likePatterns()}, so paging counts only what the reader may see.
 */
public final class ClusterScope {
    private static final ClusterScope ALL = new ClusterScope(List.of());

    private final List<String> patterns;
    private final List<Pattern> compiled;

    private ClusterScope(List<String> patterns) {
        this.patterns = List.copyOf(patterns);
        this.compiled = this.patterns.stream().map(ClusterScope::glob).toList();
    }

    /** Every cluster. */
    public static ClusterScope all() {
        return ALL;
    }

    /** The clusters matching at least one of {@code patterns} (at least one; none may be blank). */
    public static ClusterScope of(List<String> patterns) {
        Objects.requireNonNull(patterns, "patterns");
        if (patterns.isEmpty() || patterns.stream().anyMatch(p -> p == null || p.isBlank())) {
            throw new IllegalArgumentException("a cluster scope needs at least one pattern, none blank: " + patterns);
        }
        return new ClusterScope(patterns);
    }

    public boolean isAll() {
        return patterns.isEmpty();
    }

    /** The patterns as configured; empty for {@link #all()}. */
    public List<String> patterns() {
        return patterns;
    }

    public boolean includes(String clusterId) {
        return isAll() || compiled.stream().anyMatch(p -> p.matcher(clusterId).matches());
    }

    /**
     * The patterns for PostgreSQL's {@code cluster_id LIKE ANY (CAST(? AS text[]))}: {@code *} becomes {@code %};
     * {@code %}, {@code _} and the backslash (LIKE's default escape) are escaped.
     */
    public String[] likePatterns() {
        return patterns.stream()
                .map(p -> p.replace("\\", "\\\\")
                        .replace("%", "\\%")
                        .replace("_", "\\_")
                        .replace('*', '%'))
                .toArray(String[]::new);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClusterScope scope && scope.patterns.equals(patterns);
    }

    @Override
    public int hashCode() {
        return patterns.hashCode();
    }

    @Override
    public String toString() {
        return isAll() ? "all clusters" : "clusters " + patterns;
    }

    private static Pattern glob(String pattern) {
        List<String> literal =
                List.of(pattern.split("\\*", -1)).stream().map(Pattern::quote).toList();
        return Pattern.compile(String.join(".*", literal));
    }
}
