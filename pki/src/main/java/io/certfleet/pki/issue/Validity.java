package io.certfleet.pki.issue;

import io.certfleet.pki.issue.IssuanceException.Reason;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * When a certificate is valid. Either fixed instants (a simulator back-dating a fleet, a test) or
 * a duration counted from the moment of issuance on the issuer's {@link Clock} (renewal). X.509
 * stores whole seconds, so instants are truncated to seconds when resolved.
 */
public sealed interface Validity {

    /** The concrete window for an issuance happening now on {@code clock}. */
    Fixed resolve(Clock clock);

    static Fixed between(Instant notBefore, Instant notAfter) {
        return new Fixed(notBefore, notAfter);
    }

    /** Valid from the moment of issuance for {@code duration}. */
    static FromIssuance fromIssuance(Duration duration) {
        return new FromIssuance(duration, Duration.ZERO);
    }

    /** A fixed window. */
    record Fixed(Instant notBefore, Instant notAfter) implements Validity {
        public Fixed {
            Objects.requireNonNull(notBefore, "notBefore");
            Objects.requireNonNull(notAfter, "notAfter");
            notBefore = notBefore.truncatedTo(ChronoUnit.SECONDS);
            notAfter = notAfter.truncatedTo(ChronoUnit.SECONDS);
            if (!notAfter.isAfter(notBefore)) {
                throw new IssuanceException(
                        Reason.INVALID_SPEC, "notAfter " + notAfter + " is not after notBefore " + notBefore);
            }
        }

        @Override
        public Fixed resolve(Clock clock) {
            return this;
        }

        public Duration duration() {
            return Duration.between(notBefore, notAfter);
        }
    }

    /**
     * {@code duration} from issuance; {@code backdate} moves notBefore into the past so that peers
     * with a slightly slow clock accept the certificate at once.
     */
    record FromIssuance(Duration duration, Duration backdate) implements Validity {
        public FromIssuance {
            Objects.requireNonNull(duration, "duration");
            Objects.requireNonNull(backdate, "backdate");
            if (duration.isNegative() || duration.isZero()) {
                throw new IssuanceException(Reason.INVALID_SPEC, "validity duration must be positive: " + duration);
            }
            if (backdate.isNegative()) {
                throw new IssuanceException(Reason.INVALID_SPEC, "backdate must not be negative: " + backdate);
            }
        }

        public FromIssuance withBackdate(Duration newBackdate) {
            return new FromIssuance(duration, newBackdate);
        }

        @Override
        public Fixed resolve(Clock clock) {
            Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
            return new Fixed(now.minus(backdate), now.plus(duration));
        }
    }
}
