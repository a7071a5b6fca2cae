package io.certfleet.scanner.application;

import io.certfleet.scanner.config.ScannerSettings;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims due clusters with database leases and runs their scans, at most {@code max-concurrent-scans} at a time in
 * this instance. Any number of instances may dispatch: a cluster is claimed by one of them ({@code FOR UPDATE SKIP
 * LOCKED}); if that instance dies, its lease expires and another one resumes the scan.
 */
@Singleton
public class ScanDispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(ScanDispatcher.class);

    private final ScanLeases leases;
    private final ScanCluster scanCluster;
    private final ScannerSettings settings;
    private final Clock clock;
    private final AtomicInteger running = new AtomicInteger();
    private final ExecutorService scans;

    ScanDispatcher(ScanLeases leases, ScanCluster scanCluster, ScannerSettings settings, Clock clock) {
        this.leases = leases;
        this.scanCluster = scanCluster;
        this.settings = settings;
        this.clock = clock;
        this.scans = Executors.newThreadPerTaskExecutor(
                Thread.ofPlatform().name("scan-", 0).daemon(true).factory());
    }

    /**
     * Claims as many due clusters as there are free scan slots and starts their scans.
     *
     * @return how many scans were started
     */
    public int dispatchDue() {
        int free = settings.maxConcurrentScans() - running.get();
        if (free <= 0) {
            return 0;
        }
        Instant now = clock.instant();
        List<String> claimed = leases.claimDue(settings.instanceId(), now, now.plus(settings.leaseDuration()), free);
        for (String clusterId : claimed) {
            running.incrementAndGet();
            scans.execute(() -> {
                try {
                    scanCluster.scan(clusterId, settings.instanceId(), "schedule");
                } catch (RuntimeException e) {
                    LOG.error("scan of {} failed outside its pipeline", clusterId, e);
                } finally {
                    running.decrementAndGet();
                }
            });
        }
        return claimed.size();
    }

    /** Scans running in this instance now. */
    public int running() {
        return running.get();
    }

    @PreDestroy
    void stop() throws InterruptedException {
        scans.shutdownNow();
        scans.awaitTermination(10, TimeUnit.SECONDS);
    }
}
