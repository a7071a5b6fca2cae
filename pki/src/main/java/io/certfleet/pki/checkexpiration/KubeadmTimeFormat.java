package io.certfleet.pki.checkexpiration;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The time formats of {@code kubeadm certs check-expiration}: the EXPIRES column ({@code Nov 24, 2027
 * 08:30 UTC}, Go layout {@code "Jan 02, 2006 15:04 MST"}), the RESIDUAL TIME column (apimachinery's
 * {@code duration.ShortHumanDuration}), and the seconds kubeadm's JSON output carries.
 */
public final class KubeadmTimeFormat {
    private static final DateTimeFormatter EXPIRES = DateTimeFormatter.ofPattern(
                    "MMM dd, yyyy HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private KubeadmTimeFormat() {}

    /** {@code Nov 24, 2027 08:30 UTC}: minutes truncated, as Go's time formatting does. */
    public static String expires(Instant instant) {
        return EXPIRES.format(instant);
    }

    /** RFC 3339 in UTC to the second: {@code 2027-11-24T08:30:00Z}. */
    public static String rfc3339(Instant instant) {
        return RFC3339.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    /**
     * Seconds from {@code now} to {@code notAfter}, truncated toward zero (Go's {@code int64(d /
     * time.Second)}); negative once expired.
     */
    public static long residualSeconds(Instant now, Instant notAfter) {
        return now.until(notAfter, ChronoUnit.SECONDS);
    }

    /**
     * apimachinery {@code ShortHumanDuration} of a whole number of seconds: {@code <invalid>} below
     * -1s (expired; one second of clock skew is tolerated as {@code 0s}), then {@code 45s}, {@code
     * 59m}, {@code 23h}, {@code 364d}, {@code 9y}, each truncated.
     */
    public static String residual(long seconds) {
        if (seconds < -1) {
            return "<invalid>";
        } else if (seconds < 0) {
            return "0s";
        } else if (seconds < 60) {
            return seconds + "s";
        }
        long minutes = seconds / 60;
        if (minutes < 60) {
            return minutes + "m";
        }
        long hours = seconds / 3600;
        if (hours < 24) {
            return hours + "h";
        } else if (hours < 24 * 365) {
            return (hours / 24) + "d";
        }
        // Go: int(d.Hours()/24/365) in float64
        double goHours = (double) hours + (double) ((seconds % 3600) * 1_000_000_000L) / 3.6e12;
        return ((long) (goHours / 24 / 365)) + "y";
    }
}
