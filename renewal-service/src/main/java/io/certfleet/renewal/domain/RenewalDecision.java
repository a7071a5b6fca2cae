package io.certfleet.renewal.domain;

import java.util.UUID;

/** What to do about a certificate that crossed an expiry threshold. */
public sealed interface RenewalDecision {

    /** Why this decision was taken, for logs and people. */
    String reason();

    /** Renew it: persist the renewal and announce it. */
    record Request(Renewal renewal) implements RenewalDecision {
        @Override
        public String reason() {
            return renewal.reason();
        }
    }

    /** A renewal of the same certificate is already under way; a second one would race it. */
    record AlreadyOpen(UUID renewalId, String reason) implements RenewalDecision {}
}
