package io.certfleet.renewal.application;

import io.certfleet.events.ExpiryDetected;
import io.certfleet.messaging.Outbox;
import io.certfleet.renewal.config.RenewalSettings;
import io.certfleet.renewal.domain.ExpiryTriage;
import io.certfleet.renewal.domain.RenewalDecision;
import jakarta.inject.Singleton;
import jakarta.transaction.Transactional;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Use case: a certificate crossed an expiry threshold; decide whether to renew it and announce the renewal. */
@Singleton
public class RequestRenewal {
    private static final Logger LOG = LoggerFactory.getLogger(RequestRenewal.class);

    private final Renewals renewals;
    private final Outbox outbox;
    private final ExpiryTriage triage;

    RequestRenewal(Renewals renewals, Outbox outbox, RenewalSettings settings, Clock clock) {
        this.renewals = renewals;
        this.outbox = outbox;
        this.triage = new ExpiryTriage(settings.approvalRequired(), clock);
    }

    /** Persists the renewal and its RenewalRequested event together, or neither. */
    @Transactional
    public RenewalDecision onExpiryDetected(String eventId, ExpiryDetected expiry) {
        RenewalDecision decision = triage.decide(
                eventId, expiry, renewals.findOpen(expiry.clusterId(), expiry.nodeName(), expiry.location()));
        switch (decision) {
            case RenewalDecision.Request request -> {
                renewals.add(request.renewal());
                outbox.append(request.renewal().requestedEvent());
                LOG.info("Renewal {} requested: {}", request.renewal().id(), decision.reason());
            }
            case RenewalDecision.AlreadyOpen open -> LOG.info("No new renewal: {}", open.reason());
        }
        return decision;
    }
}
