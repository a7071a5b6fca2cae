package io.certfleet.scanner.domain.expiry;

import io.certfleet.events.ExpirySeverity;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When a certificate counts as expiring: fewer than {@code warning} left is {@link ExpirySeverity#WARNING}, fewer than
 * {@code critical} left is {@link ExpirySeverity#CRITICAL}, past {@code notAfter} is {@link ExpirySeverity#EXPIRED}
 * (the third threshold is always 0). Defaults are 30 and 7 days; a cluster may override them (see {@link
 * ThresholdPolicy}).
 *
 * @param warning residual time below which a certificate is WARNING
 * @param critical residual time below which it is CRITICAL; not longer than {@code warning}
 */
public record ExpiryThresholds(Duration warning, Duration critical) {
    /** 30 days / 7 days / expired. */
    public static final ExpiryThresholds DEFAULTS = new ExpiryThresholds(Duration.ofDays(30), Duration.ofDays(7));

    private static final Pattern SHORT = Pattern.compile("(\\d{1,6})([dhms])");
    private static final Pattern PAIR = Pattern.compile("(\\w+)-(\\w+)");

    public ExpiryThresholds {
        Objects.requireNonNull(warning, "warning");
        Objects.requireNonNull(critical, "critical");
        if (critical.isNegative()) {
            throw new IllegalArgumentException("the critical threshold must not be negative");
        }
        if (warning.compareTo(critical) < 0) {
            throw new IllegalArgumentException("the warning threshold (" + format(warning)
                    + ") must not be shorter than the critical one (" + format(critical) + ")");
        }
    }

    /**
     * The severity of a certificate expiring at {@code notAfter}, seen at {@code now}; empty when it is outside every
     * threshold. A certificate is valid up to and including {@code notAfter} (RFC 5280), so it is EXPIRED only after.
     */
    public Optional<ExpirySeverity> severityAt(Instant notAfter, Instant now) {
        if (now.isAfter(notAfter)) {
            return Optional.of(ExpirySeverity.EXPIRED);
        }
        Duration residual = Duration.between(now, notAfter);
        if (residual.compareTo(critical) < 0) {
            return Optional.of(ExpirySeverity.CRITICAL);
        }
        if (residual.compareTo(warning) < 0) {
            return Optional.of(ExpirySeverity.WARNING);
        }
        return Optional.empty();
    }

    /**
     * Parses {@code <warning>-<critical>}, e.g. {@code 45d-14d}: the form of the {@code certfleet.io/thresholds} label
     * (a Kubernetes label value cannot hold {@code =} or {@code ,}).
     *
     * @throws IllegalArgumentException with a reason naming the expected form
     */
    public static ExpiryThresholds parse(String text) {
        Matcher pair = PAIR.matcher(text == null ? "" : text.strip());
        if (!pair.matches()) {
            throw new IllegalArgumentException(
                    "thresholds must look like <warning>-<critical>, e.g. 45d-14d, not '" + text + "'");
        }
        return new ExpiryThresholds(parseDuration(pair.group(1)), parseDuration(pair.group(2)));
    }

    /**
     * Parses {@code 30d}, {@code 12h}, {@code 90m}, {@code 45s} or an ISO-8601 duration ({@code P30D}, {@code PT12H}).
     *
     * @throws IllegalArgumentException if it is neither
     */
    public static Duration parseDuration(String text) {
        String value = text == null ? "" : text.strip();
        Matcher matcher = SHORT.matcher(value.toLowerCase(Locale.ROOT));
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "d" -> Duration.ofDays(amount);
                case "h" -> Duration.ofHours(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofSeconds(amount);
            };
        }
        try {
            return Duration.parse(value.toUpperCase(Locale.ROOT));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a duration (use 30d, 12h, 90m, 45s or ISO-8601 such as P30D)");
        }
    }

    /** {@code 30d}, {@code 12h} or ISO-8601 when not a whole number of days or hours. */
    public static String format(Duration duration) {
        if (duration.toSeconds() % 86_400 == 0) {
            return duration.toDays() + "d";
        }
        if (duration.toSeconds() % 3_600 == 0) {
            return duration.toHours() + "h";
        }
        return duration.toString();
    }

    @Override
    public String toString() {
        return format(warning) + "/" + format(critical) + "/0";
    }
}
