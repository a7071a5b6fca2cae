package io.certfleet.cli;

import io.certfleet.pki.checkexpiration.GoDuration;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Option converters; a bad value becomes a picocli usage error (exit 2) with a one-line reason. */
final class OptionConverters {
    private OptionConverters() {}

    /** {@code --now 2026-11-22T10:00:00Z} (any RFC 3339 offset). */
    static final class Rfc3339 implements ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            try {
                return OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException e) {
                throw new TypeConversionException("'" + value + "' is not an RFC 3339 time, e.g. 2026-11-22T10:00:00Z");
            }
        }
    }

    /** {@code --fail-within 30d}, {@code 720h}, {@code 1h30m}. */
    static final class Window implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return GoDuration.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** {@code --max-file-size 1MiB}, {@code 512KiB}, {@code 2000000}. */
    static final class ByteSize implements ITypeConverter<Long> {
        private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(|B|KiB|K|KB|MiB|M|MB|GiB|G|GB)");

        @Override
        public Long convert(String value) {
            Matcher m = SIZE.matcher(value.strip());
            if (!m.matches()) {
                throw new TypeConversionException("'" + value + "' is not a size, e.g. 1MiB, 512KiB or 1048576");
            }
            long n = Long.parseLong(m.group(1));
            long unit = switch (m.group(2).toUpperCase(Locale.ROOT)) {
                case "KIB", "K" -> 1024L;
                case "KB" -> 1000L;
                case "MIB", "M" -> 1024L * 1024;
                case "MB" -> 1000L * 1000;
                case "GIB", "G" -> 1024L * 1024 * 1024;
                case "GB" -> 1000L * 1000 * 1000;
                default -> 1L;
            };
            if (n <= 0) {
                throw new TypeConversionException("the size must be positive");
            }
            return Math.multiplyExact(n, unit);
        }
    }
}
