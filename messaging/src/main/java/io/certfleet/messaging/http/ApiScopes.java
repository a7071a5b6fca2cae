package io.certfleet.messaging.http;

import io.certfleet.messaging.ClusterScope;
import io.micronaut.context.annotation.Context;
import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.http.HttpRequest;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which clusters each API caller may act on, {@code certfleet.api.clusters.<caller>=<pattern>[,<pattern>...]}: cluster
 * ids, {@code *} standing for any run of characters ({@code prod-*,edge-1}). A caller without an entry acts on every
 * cluster, as before; so does every request when no token is configured (there is no caller then). Checked when the
 * context starts: an entry for a caller without a token, or an empty or malformed pattern, stops the service with an
 * error naming the caller.
 *
 * <p>Controllers ask {@link #refusal} before a command on a cluster and answer 403 with its reason. Reads are
 * scoped by {@link #visibleTo}: lists leave out other clusters and a single item of another cluster is not found. A
 * read carries a caller only with {@code certfleet.api.protect-reads}; without it reads are open to anyone, and
 * unscoped.
 */
@Context
public final class ApiScopes {
    /** Configuration prefix: {@code certfleet.api.clusters.<caller>}. */
    public static final String PREFIX = "certfleet.api.clusters";

    private static final Pattern INDEXED = Pattern.compile("(.+)\\[(\\d+)]");
    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9*][A-Za-z0-9.*_-]{0,252}");

    private final Map<String, List<String>> patterns;
    private final Map<String, ClusterScope> scopes = new TreeMap<>();

    @Inject
    ApiScopes(Environment environment, ApiTokens tokens) {
        this(environment.getProperties(PREFIX), tokens.callers());
    }

    ApiScopes(Map<String, Object> configured, Collection<String> callers) {
        Map<String, List<String>> byCaller = new TreeMap<>();
        for (Map.Entry<String, Object> entry : byCaller(configured).entrySet()) {
            String caller = entry.getKey();
            if (!callers.contains(caller)) {
                throw new ConfigurationException(PREFIX + "." + caller + ": caller '" + caller
                        + "' has no API token (" + ApiTokens.PREFIX + "." + caller + "), so it never calls; "
                        + "configured callers: " + callers);
            }
            List<String> list = patterns(caller, entry.getValue());
            byCaller.put(caller, list);
            scopes.put(caller, ClusterScope.of(list));
        }
        this.patterns = Map.copyOf(byCaller);
    }

    /** The patterns of the callers that have some, by caller. */
    public Map<String, List<String>> patterns() {
        return patterns;
    }

    /** Why the caller of this request may not act on {@code clusterId}; empty when it may. */
    public Optional<String> refusal(HttpRequest<?> request, String clusterId) {
        return ApiCaller.of(request).flatMap(caller -> refusal(caller, clusterId));
    }

    /** Why {@code caller} may not act on {@code clusterId}; empty when it may. */
    public Optional<String> refusal(String caller, String clusterId) {
        if (scope(caller).includes(clusterId)) {
            return Optional.empty();
        }
        return Optional.of("API caller '" + caller + "' may act on clusters " + patterns.get(caller) + " only ("
                + PREFIX + "." + caller + "), not on cluster '" + clusterId + "'");
    }

    /** The clusters the caller of this request may see: all of them without a caller or without an entry. */
    public ClusterScope visibleTo(HttpRequest<?> request) {
        return ApiCaller.of(request).map(this::scope).orElse(ClusterScope.all());
    }

    /** The clusters {@code caller} may see and act on. */
    public ClusterScope scope(String caller) {
        return scopes.getOrDefault(caller, ClusterScope.all());
    }

    @Override
    public String toString() {
        return "ApiScopes" + patterns;
    }

    /**
     * The value per caller: a YAML list arrives as keys {@code <caller>[0]}, {@code <caller>[1]}, ... (sometimes beside
     * {@code <caller>} holding the whole list), a comma-separated string under {@code <caller>}.
     */
    private static Map<String, Object> byCaller(Map<String, Object> configured) {
        Map<String, Object> values = new TreeMap<>();
        Map<String, TreeMap<Integer, Object>> indexed = new TreeMap<>();
        configured.forEach((key, value) -> {
            Matcher item = INDEXED.matcher(key);
            if (item.matches()) {
                indexed.computeIfAbsent(item.group(1), k -> new TreeMap<>())
                        .put(Integer.parseInt(item.group(2)), value);
            } else {
                values.put(key, value);
            }
        });
        indexed.forEach((caller, items) -> values.putIfAbsent(caller, List.copyOf(items.values())));
        return values;
    }

    private static List<String> patterns(String caller, Object value) {
        List<String> raw = new ArrayList<>();
        if (value instanceof Collection<?> values) {
            values.forEach(v -> raw.add(String.valueOf(v)));
        } else if (value instanceof CharSequence text) {
            raw.addAll(List.of(text.toString().split(",", -1)));
        }
        List<String> patterns = raw.stream().map(String::strip).toList();
        if (patterns.isEmpty() || patterns.stream().anyMatch(String::isEmpty)) {
            throw new ConfigurationException(PREFIX + "." + caller + " must list cluster ids or patterns, separated by"
                    + " commas (e.g. prod-*,edge-1); an empty one would match no cluster");
        }
        for (String pattern : patterns) {
            if (!PATTERN.matcher(pattern).matches()) {
                throw new ConfigurationException(PREFIX + "." + caller + ": '" + pattern + "' is not a cluster id or"
                        + " pattern (letters, digits, '.', '_', '-', and '*' for any run of characters)");
            }
        }
        return List.copyOf(patterns);
    }
}
