package io.certfleet.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * No private key material can ever travel on the bus: walks every component of every event record (through nested
 * records, lists and maps) and fails on names that suggest secrets or encoded keys/certificates, and on types that
 * could carry raw bytes or arbitrary objects.
 */
class PublicFactsOnlyTest {
    /** Words (of a camelCase name) that suggest secret or encoded material. */
    private static final Set<String> SUSPICIOUS_WORDS = Set.of(
            "key",
            "keys",
            "private",
            "priv",
            "secret",
            "secrets",
            "password",
            "passwd",
            "passphrase",
            "pass",
            "token",
            "tokens",
            "credential",
            "credentials",
            "pem",
            "der",
            "pkcs8",
            "pkcs12",
            "p12",
            "pfx",
            "jks",
            "keystore",
            "bytes",
            "raw",
            "encoded",
            "blob",
            "base64",
            "seed");

    /** Public facts whose names contain a suspicious word, reviewed one by one. */
    private static final Set<String> ALLOWED_NAMES =
            Set.of("keyAlgorithm", "keySize", "keyUsages", "extendedKeyUsages", "kafkaKey");

    /** Leaf types that hold a single public value. */
    private static final Set<Class<?>> LEAF_TYPES = Set.of(
            String.class,
            Instant.class,
            Duration.class,
            int.class,
            long.class,
            boolean.class,
            Integer.class,
            Long.class,
            Boolean.class);

    private static final Pattern CAMEL_CASE_BOUNDARY = Pattern.compile("(?<=[a-z0-9])(?=[A-Z])|_");

    @Test
    void noComponentCanHoldPrivateKeyMaterial() {
        List<String> violations = new ArrayList<>();
        for (Class<? extends EventData> eventClass : EventCodec.eventClasses()) {
            walk(eventClass, eventClass.getSimpleName(), violations, new HashSet<>());
        }
        walk(CloudEvent.class, "CloudEvent", violations, new HashSet<>());

        assertThat(violations).isEmpty();
    }

    @Test
    void theCheckCatchesWhatItIsMeantToCatch() {
        record Leaky(
                String privateKeyPem,
                byte[] certificate,
                String keyPassword,
                char[] passphrase,
                Object anything,
                Map<String, byte[]> blobs) {}
        record Holder(List<Leaky> nested) {}
        List<String> violations = new ArrayList<>();

        walk(Holder.class, "Holder", violations, new HashSet<>());

        assertThat(violations)
                .anyMatch(v -> v.startsWith("Holder.nested[].privateKeyPem"))
                .anyMatch(v -> v.startsWith("Holder.nested[].certificate"))
                .anyMatch(v -> v.startsWith("Holder.nested[].keyPassword"))
                .anyMatch(v -> v.startsWith("Holder.nested[].passphrase"))
                .anyMatch(v -> v.startsWith("Holder.nested[].anything"))
                .anyMatch(v -> v.startsWith("Holder.nested[].blobs"));
    }

    @Test
    void wordsAreMatchedWholeNotAsSubstrings() {
        // "order" contains "der", "upgradeId" contains "de": neither is a suspicious word.
        assertThat(suspicious("order")).isFalse();
        assertThat(suspicious("nodeName")).isFalse();
        assertThat(suspicious("derBytes")).isTrue();
        assertThat(suspicious("signingKey")).isTrue();
        assertThat(suspicious("tlsKey")).isTrue();
        assertThat(suspicious("keyAlgorithm")).isFalse();
    }

    private static void walk(Class<?> recordClass, String path, List<String> violations, Set<Class<?>> visiting) {
        if (!visiting.add(recordClass)) {
            return;
        }
        for (RecordComponent component : recordClass.getRecordComponents()) {
            String componentPath = path + "." + component.getName();
            if (suspicious(component.getName())) {
                violations.add(componentPath + ": name suggests secret or key material");
            }
            checkType(component.getGenericType(), componentPath, violations, visiting);
        }
        visiting.remove(recordClass);
    }

    private static void checkType(Type type, String path, List<String> violations, Set<Class<?>> visiting) {
        if (type instanceof ParameterizedType parameterized) {
            Type raw = parameterized.getRawType();
            Type[] arguments = parameterized.getActualTypeArguments();
            if (raw == List.class) {
                checkType(arguments[0], path + "[]", violations, visiting);
            } else if (raw == Map.class) {
                checkType(arguments[0], path + "{key}", violations, visiting);
                checkType(arguments[1], path + "{}", violations, visiting);
            } else {
                violations.add(path + ": unexpected generic type " + type.getTypeName());
            }
        } else if (type instanceof GenericArrayType || (type instanceof Class<?> c && c.isArray())) {
            violations.add(path + ": arrays (byte[], char[]) can carry raw key or certificate bytes");
        } else if (type instanceof Class<?> cls) {
            if (cls.isRecord()) {
                walk(cls, path, violations, visiting);
            } else if (!cls.isEnum() && !LEAF_TYPES.contains(cls) && cls != EventData.class) {
                violations.add(path + ": type " + cls.getName() + " is not a known public value");
            }
        } else {
            violations.add(path + ": unsupported type " + type.getTypeName());
        }
    }

    private static boolean suspicious(String name) {
        if (ALLOWED_NAMES.contains(name)) {
            return false;
        }
        for (String word : CAMEL_CASE_BOUNDARY.split(name)) {
            if (SUSPICIOUS_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }
}
