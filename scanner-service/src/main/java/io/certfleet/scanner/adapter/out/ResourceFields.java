package io.certfleet.scanner.adapter.out;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reading fields of generic Kubernetes resources (Cluster API and TKG kinds have no typed model here). */
final class ResourceFields {
    private ResourceFields() {}

    static Optional<Object> field(GenericKubernetesResource resource, String... path) {
        Object current = resource.getAdditionalProperties();
        for (String key : path) {
            if (!(current instanceof Map<?, ?> map)) {
                return Optional.empty();
            }
            current = map.get(key);
        }
        return Optional.ofNullable(current);
    }

    static Optional<String> text(GenericKubernetesResource resource, String... path) {
        return field(resource, path).map(String::valueOf).filter(s -> !s.isBlank());
    }

    static List<?> list(GenericKubernetesResource resource, String... path) {
        return field(resource, path)
                .filter(List.class::isInstance)
                .map(l -> (List<?>) l)
                .orElse(List.of());
    }

    static Optional<String> text(Object map, String key) {
        if (map instanceof Map<?, ?> m && m.get(key) != null) {
            return Optional.of(String.valueOf(m.get(key))).filter(s -> !s.isBlank());
        }
        return Optional.empty();
    }
}
