package io.certfleet.scanner.adapter.in;

import io.certfleet.scanner.application.DiscoverClusters;
import io.certfleet.scanner.application.ScanDispatcher;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The scanner's timers: dispatch due scans, discover clusters. Thin: one application call each. */
@Singleton
@Requires(property = "certfleet.scanner.scheduler-enabled", notEquals = "false")
final class ScannerJobs {
    private static final Logger LOG = LoggerFactory.getLogger(ScannerJobs.class);

    private final ScanDispatcher dispatcher;
    private final DiscoverClusters discovery;

    ScannerJobs(ScanDispatcher dispatcher, DiscoverClusters discovery) {
        this.dispatcher = dispatcher;
        this.discovery = discovery;
    }

    @Scheduled(fixedDelay = "${certfleet.scanner.dispatch-interval:2s}", initialDelay = "1s")
    void dispatch() {
        try {
            dispatcher.dispatchDue();
        } catch (RuntimeException e) {
            // the database is away: the next tick tries again
            LOG.warn("dispatching due scans failed: {}", e.getMessage());
        }
    }

    @Scheduled(fixedDelay = "${certfleet.scanner.discovery-interval:5m}", initialDelay = "2s")
    void discover() {
        discovery.discoverAll();
    }
}
