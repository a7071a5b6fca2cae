package io.certfleet.fleetsim;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * How old a simulated cluster's certificates are, relative to the fleet's clock. kubeadm issues
 * all leaf certificates of a control plane at once ({@code kubeadm init}, {@code certs renew all},
 * an upgrade), so one age covers them; the CAs are older.
 *
 * @param caAge how long ago the three CAs were created
 * @param caValidity CA lifetime (kubeadm: 10 years)
 * @param leafAge how long ago the leaf certificates and kubeconfigs were issued
 * @param leafValidity leaf lifetime (kubeadm: 1 year)
 */
public record CertificateAges(Duration caAge, Duration caValidity, Duration leafAge, Duration leafValidity) {

    /** kubeadm's CA lifetime. */
    public static final Duration TEN_YEARS = Duration.ofDays(3650);
    /** kubeadm's leaf lifetime. */
    public static final Duration ONE_YEAR = Duration.ofDays(365);

    private static final Duration DEFAULT_CA_AGE = Duration.ofDays(400);

    public CertificateAges {
        Objects.requireNonNull(caAge, "caAge");
        Objects.requireNonNull(caValidity, "caValidity");
        Objects.requireNonNull(leafAge, "leafAge");
        Objects.requireNonNull(leafValidity, "leafValidity");
        if (caAge.isNegative() || leafAge.isNegative()) {
            throw new IllegalArgumentException("ages must not be negative (a certificate from the future)");
        }
        if (caValidity.isNegative() || caValidity.isZero() || leafValidity.isNegative() || leafValidity.isZero()) {
            throw new IllegalArgumentException("validities must be positive");
        }
        if (leafAge.compareTo(caAge) > 0) {
            throw new IllegalArgumentException("leaf certificates (age " + leafAge.toDays()
                    + "d) cannot be older than their CAs (age " + caAge.toDays() + "d)");
        }
    }

    /** Leaves issued 30 days ago for a year, CAs 400 days old for ten years: a healthy cluster. */
    public static CertificateAges fresh() {
        return issuedAgo(Duration.ofDays(30));
    }

    /** Leaves issued {@code leafAge} ago with kubeadm's lifetimes. */
    public static CertificateAges issuedAgo(Duration leafAge) {
        return new CertificateAges(max(DEFAULT_CA_AGE, leafAge), TEN_YEARS, leafAge, ONE_YEAR);
    }

    /** Leaves (one-year lifetime) that expire {@code remaining} from now. */
    public static CertificateAges expiringIn(Duration remaining) {
        if (remaining.compareTo(ONE_YEAR) > 0 || remaining.isNegative()) {
            throw new IllegalArgumentException("remaining must be between 0 and 365 days: " + remaining);
        }
        return issuedAgo(ONE_YEAR.minus(remaining));
    }

    /** Leaves (one-year lifetime) that expired {@code ago}. */
    public static CertificateAges expiredFor(Duration ago) {
        if (ago.isNegative() || ago.isZero()) {
            throw new IllegalArgumentException("ago must be positive: " + ago);
        }
        return issuedAgo(ONE_YEAR.plus(ago));
    }

    /** The same leaves, with CAs that expire {@code remaining} from now (or expired, if negative). */
    public CertificateAges withCaExpiringIn(Duration remaining) {
        return new CertificateAges(caValidity.minus(remaining), caValidity, leafAge, leafValidity);
    }

    public Instant caNotBefore(Instant now) {
        return now.minus(caAge);
    }

    public Instant caNotAfter(Instant now) {
        return caNotBefore(now).plus(caValidity);
    }

    public Instant leafNotBefore(Instant now) {
        return now.minus(leafAge);
    }

    public Instant leafNotAfter(Instant now) {
        return leafNotBefore(now).plus(leafValidity);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
