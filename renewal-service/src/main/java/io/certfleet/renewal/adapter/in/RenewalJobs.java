package io.certfleet.renewal.adapter.in;

import io.certfleet.renewal.application.RenewalWorker;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The renewal worker's timer. Thin: one application call. */
@Singleton
@Requires(property = "certfleet.renewal.worker-enabled", notEquals = "false")
final class RenewalJobs {
    private static final Logger LOG = LoggerFactory.getLogger(RenewalJobs.class);

    private final RenewalWorker worker;

    RenewalJobs(RenewalWorker worker) {
        this.worker = worker;
    }

    @Scheduled(fixedDelay = "${certfleet.renewal.worker-interval:1s}", initialDelay = "1s")
    void advance() {
        try {
            worker.advanceDue();
        } catch (RuntimeException e) {
            // the database is away: the next tick tries again
            LOG.warn("claiming due renewals failed: {}", e.getMessage());
        }
    }
}
