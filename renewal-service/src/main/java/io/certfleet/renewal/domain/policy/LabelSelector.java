package io.certfleet.renewal.domain.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which clusters a policy rule applies to, in the Kubernetes equality-based selector syntax: comma-separated
 * requirements, all of which must hold — {@code env=prod}, {@code env!=dev}, {@code team} (the label exists), {@code
 * !canary} (it does not). The empty selector matches every cluster.
 */
public final class LabelSelector {
    private final String text;
    private final List<Requirement> requirements;

    private record Requirement(String key, Operator operator, String value) {
        boolean matches(Map<String, String> labels) {
            return switch (operator) {
                case EQUALS -> value.equals(labels.get(key));
                case NOT_EQUALS -> !value.equals(labels.get(key));
                case EXISTS -> labels.containsKey(key);
                case NOT_EXISTS -> !labels.containsKey(key);
            };
        }
    }

    private enum Operator {
        EQUALS,
        NOT_EQUALS,
        EXISTS,
        NOT_EXISTS
    }

    private LabelSelector(String text, List<Requirement> requirements) {
        this.text = text;
        this.requirements = List.copyOf(requirements);
    }

    /** The selector that matches every cluster. */
    public static LabelSelector everything() {
        return new LabelSelector("", List.of());
    }

    /**
     * @throws IllegalArgumentException naming the requirement that cannot be read
     */
    public static LabelSelector parse(String text) {
        if (text == null || text.isBlank()) {
            return everything();
        }
        List<Requirement> requirements = new ArrayList<>();
        for (String part : text.split(",")) {
            String requirement = part.strip();
            if (requirement.isEmpty()) {
                throw new IllegalArgumentException("label selector '" + text + "' has an empty requirement");
            }
            int notEquals = requirement.indexOf("!=");
            int equals = requirement.indexOf('=');
            if (notEquals > 0) {
                requirements.add(new Requirement(
                        key(requirement.substring(0, notEquals), text),
                        Operator.NOT_EQUALS,
                        requirement.substring(notEquals + 2).strip()));
            } else if (equals > 0) {
                // "==" is accepted like kubectl does
                String value =
                        requirement.substring(equals + 1).replaceFirst("^=", "").strip();
                requirements.add(new Requirement(key(requirement.substring(0, equals), text), Operator.EQUALS, value));
            } else if (requirement.startsWith("!")) {
                requirements.add(new Requirement(key(requirement.substring(1), text), Operator.NOT_EXISTS, ""));
            } else {
                requirements.add(new Requirement(key(requirement, text), Operator.EXISTS, ""));
            }
        }
        return new LabelSelector(text.strip(), requirements);
    }

    private static String key(String key, String text) {
        String stripped = key.strip();
        if (stripped.isEmpty() || stripped.contains("=") || stripped.contains("!")) {
            throw new IllegalArgumentException("label selector '" + text + "' has a requirement without a key");
        }
        return stripped;
    }

    public boolean matches(Map<String, String> labels) {
        Objects.requireNonNull(labels, "labels");
        return requirements.stream().allMatch(r -> r.matches(labels));
    }

    @Override
    public String toString() {
        return text.isEmpty() ? "(every cluster)" : text;
    }
}
