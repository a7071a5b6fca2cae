package io.certfleet.scanner.domain.expiry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An equality-based Kubernetes label selector: comma-separated requirements {@code key=value}, {@code key==value},
 * {@code key!=value}, {@code key} (present) and {@code !key} (absent). All must hold. The empty selector matches
 * every cluster.
 *
 * @param requirements the parsed requirements
 */
public record LabelSelector(List<Requirement> requirements) {

    /** One requirement of a selector. */
    public sealed interface Requirement {
        String key();

        boolean matches(Map<String, String> labels);
    }

    /** {@code key=value}. */
    public record Equals(String key, String value) implements Requirement {
        @Override
        public boolean matches(Map<String, String> labels) {
            return value.equals(labels.get(key));
        }
    }

    /** {@code key!=value}: also true when the key is absent, as in Kubernetes. */
    public record NotEquals(String key, String value) implements Requirement {
        @Override
        public boolean matches(Map<String, String> labels) {
            return !value.equals(labels.get(key));
        }
    }

    /** {@code key}. */
    public record Exists(String key) implements Requirement {
        @Override
        public boolean matches(Map<String, String> labels) {
            return labels.containsKey(key);
        }
    }

    /** {@code !key}. */
    public record NotExists(String key) implements Requirement {
        @Override
        public boolean matches(Map<String, String> labels) {
            return !labels.containsKey(key);
        }
    }

    public LabelSelector {
        requirements = List.copyOf(requirements);
    }

    /** The selector that matches everything. */
    public static LabelSelector everything() {
        return new LabelSelector(List.of());
    }

    /**
     * Parses a selector such as {@code environment=prod,team!=sandbox}.
     *
     * @throws IllegalArgumentException naming the requirement that cannot be read
     */
    public static LabelSelector parse(String text) {
        Objects.requireNonNull(text, "text");
        List<Requirement> requirements = new ArrayList<>();
        for (String raw : text.split(",")) {
            String part = raw.strip();
            if (part.isEmpty()) {
                continue;
            }
            Requirement requirement;
            if (part.contains("!=")) {
                String[] kv = part.split("!=", 2);
                requirement = new NotEquals(key(kv[0], part), kv[1].strip());
            } else if (part.contains("==")) {
                String[] kv = part.split("==", 2);
                requirement = new Equals(key(kv[0], part), kv[1].strip());
            } else if (part.contains("=")) {
                String[] kv = part.split("=", 2);
                requirement = new Equals(key(kv[0], part), kv[1].strip());
            } else if (part.startsWith("!")) {
                requirement = new NotExists(key(part.substring(1), part));
            } else {
                requirement = new Exists(key(part, part));
            }
            requirements.add(requirement);
        }
        return new LabelSelector(requirements);
    }

    private static String key(String key, String requirement) {
        String k = key.strip();
        if (k.isEmpty() || k.contains(" ") || k.contains("!") || k.contains("=")) {
            throw new IllegalArgumentException("'" + requirement + "' is not a label requirement");
        }
        return k;
    }

    public boolean matches(Map<String, String> labels) {
        return requirements.stream().allMatch(r -> r.matches(labels));
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        for (Requirement r : requirements) {
            parts.add(
                    switch (r) {
                        case Equals e -> e.key() + "=" + e.value();
                        case NotEquals n -> n.key() + "!=" + n.value();
                        case Exists e -> e.key();
                        case NotExists n -> "!" + n.key();
                    });
        }
        return String.join(",", parts);
    }
}
