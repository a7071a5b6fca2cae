package io.certfleet.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;
import java.util.Optional;

/**
 * Finds the first required record component missing from a JSON object, walking nested records and lists of records.
 *
 * <p>Jackson alone would silently bind a missing {@code int} or {@code boolean} to 0 or false; this walk makes
 * "required" mean the same for every type and names the missing field by its JSON path.
 */
final class RequiredFields {
    private RequiredFields() {}

    /** The path of the first required component absent or null in {@code node}, if any. */
    static Optional<String> firstMissing(Class<?> recordClass, JsonNode node, String path) {
        if (!recordClass.isRecord() || !node.isObject()) {
            return Optional.empty(); // a type mismatch, reported by the binder with its own message
        }
        for (RecordComponent component : recordClass.getRecordComponents()) {
            String fieldPath = path + "." + component.getName();
            JsonNode value = node.get(component.getName());
            if (value == null || value.isNull()) {
                if (!component.isAnnotationPresent(OptionalField.class)) {
                    return Optional.of(fieldPath);
                }
                continue;
            }
            Optional<String> nested = nestedMissing(component.getGenericType(), value, fieldPath);
            if (nested.isPresent()) {
                return nested;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> nestedMissing(Type type, JsonNode value, String path) {
        if (type instanceof Class<?> cls && cls.isRecord()) {
            return firstMissing(cls, value, path);
        }
        if (type instanceof ParameterizedType parameterized
                && parameterized.getRawType() == List.class
                && parameterized.getActualTypeArguments()[0] instanceof Class<?> element
                && element.isRecord()
                && value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                Optional<String> missing = firstMissing(element, value.get(i), path + "[" + i + "]");
                if (missing.isPresent()) {
                    return missing;
                }
            }
        }
        return Optional.empty();
    }
}
