package io.certfleet.cli.demo;

import io.certfleet.events.ApprovalGranted;
import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.events.RenewalRequested;
import io.certfleet.events.ScanCompleted;
import io.certfleet.fleetsim.SimulatedCluster;
import io.certfleet.fleetsim.SimulatedFleet;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** What crossed the bus, per cluster, as the person running the demo wants to read it. */
final class DemoReport {
    private final SimulatedFleet fleet;
    private final EventRecorder recorder;

    DemoReport(SimulatedFleet fleet, EventRecorder recorder) {
        this.fleet = fleet;
        this.recorder = recorder;
    }

    void print(PrintWriter out) {
        Map<String, List<ExpiryDetected>> expiring = recorder.events(ExpiryDetected.class).stream()
                .collect(Collectors.groupingBy(ExpiryDetected::clusterId));
        Map<String, List<RenewalRequested>> renewals = recorder.events(RenewalRequested.class).stream()
                .collect(Collectors.groupingBy(RenewalRequested::clusterId));
        Map<String, Long> approvals = count(recorder.events(ApprovalGranted.class).stream()
                .map(ApprovalGranted::clusterId)
                .toList());
        Map<String, ScanCompleted> scans = recorder.events(ScanCompleted.class).stream()
                .collect(Collectors.toMap(ScanCompleted::clusterId, s -> s, (a, b) -> b));

        String format = "%-14s %-12s %6s %6s %6s %-9s %6s %6s %6s  %s%n";
        out.printf(
                format,
                "CLUSTER",
                "FLAVOUR",
                "NODES",
                "CERTS",
                "ERRORS",
                "WORST",
                "EXPIRY",
                "RENEW",
                "APPROV",
                "FIRST TO EXPIRE");
        for (SimulatedCluster cluster : fleet.clusters()) {
            String id = cluster.name();
            List<ExpiryDetected> detected = expiring.getOrDefault(id, List.of());
            ScanCompleted scan = scans.get(id);
            out.printf(
                    format,
                    id,
                    cluster.spec().flavour(),
                    cluster.nodes().size(),
                    scan == null ? "-" : String.valueOf(scan.certificateCount()),
                    scan == null ? "-" : String.valueOf(scan.errorCount()),
                    worst(detected),
                    detected.size(),
                    renewals.getOrDefault(id, List.of()).size(),
                    approvals.getOrDefault(id, 0L),
                    detected.stream()
                            .min(Comparator.comparing(ExpiryDetected::notAfter))
                            .map(e -> e.location() + " " + e.notAfter())
                            .orElse("-"));
        }
        out.println();
        out.println("Events on Kafka, by type:");
        count(recorder.seen().stream()
                        .map(s -> s.event() == null
                                ? "dead letter (" + s.topic() + ")"
                                : s.event().type())
                        .toList())
                .forEach((type, n) -> out.printf("  %-40s %6d%n", type, n));
    }

    private static String worst(List<ExpiryDetected> detected) {
        return detected.stream()
                .map(ExpiryDetected::severity)
                .max(Comparator.comparingInt(ExpirySeverity::ordinal))
                .map(Enum::name)
                .orElse("ok");
    }

    private static Map<String, Long> count(List<String> keys) {
        return keys.stream().collect(Collectors.groupingBy(k -> k, TreeMap::new, Collectors.counting()));
    }
}
