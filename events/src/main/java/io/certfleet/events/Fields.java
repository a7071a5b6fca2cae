package io.certfleet.events;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Checks shared by the records' compact constructors, so an invalid event cannot be built in Java nor decoded from
 * JSON. Messages name the field and never echo its value (values may be large or come from untrusted input).
 */
final class Fields {
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HEX = Pattern.compile("-?[0-9a-f]+");

    private Fields() {}

    static <T> T required(T value, String name) {
        if (value == null) {
            throw new NullPointerException(name + " is required");
        }
        return value;
    }

    /** A required identifier-like string (ids, cluster and node names, locations): present and not blank. */
    static String text(String value, String name) {
        required(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        return value;
    }

    /** An optional string that, when present, must not be blank (absent is expressed by null, not by ""). */
    static String optionalText(String value, String name) {
        return value == null ? null : text(value, name);
    }

    static <T> List<T> list(List<T> value, String name) {
        required(value, name);
        for (T element : value) {
            if (element == null) {
                throw new NullPointerException(name + " must not contain null elements");
            }
        }
        return List.copyOf(value);
    }

    /** Copies a string map sorted by key, so the same labels always encode to the same JSON. */
    static Map<String, String> labels(Map<String, String> value, String name) {
        required(value, name);
        TreeMap<String, String> copy = new TreeMap<>();
        value.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new NullPointerException(name + " must not contain null keys or values");
            }
            copy.put(k, v);
        });
        return Collections.unmodifiableMap(copy);
    }

    static String sha256(String value, String name) {
        required(value, name);
        if (!SHA256.matcher(value).matches()) {
            throw new IllegalArgumentException(
                    name + " must be 64 lowercase hex characters (SHA-256 of the DER encoding)");
        }
        return value;
    }

    static String optionalSha256(String value, String name) {
        return value == null ? null : sha256(value, name);
    }

    static String hex(String value, String name) {
        required(value, name);
        if (!HEX.matcher(value).matches()) {
            throw new IllegalArgumentException(name + " must be lowercase hex digits, optionally with a leading '-'");
        }
        return value;
    }

    static int nonNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative");
        }
        return value;
    }
}
