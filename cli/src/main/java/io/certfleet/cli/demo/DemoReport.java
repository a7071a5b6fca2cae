package io.certfleet.cli.demo;

import io.certfleet.events.ApprovalGranted;
import io.certfleet.events.ExpiryDetected;
import io.certfleet.events.ExpiryResolved;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.events.NodeCertificatesRenewed;
import io.certfleet.events.RenewalCompleted;
import io.certfleet.events.RenewalFailed;
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
        Map<String, Long> approvals = count(recorder.events(ApprovalGranted.class).stream()
                .map(ApprovalGranted::clusterId)
                .toList());
        Map<String, Long> nodesRenewed = count(recorder.events(NodeCertificatesRenewed.class).stream()
                .map(NodeCertificatesRenewed::clusterId)
                .toList());
        Map<String, Long> resolved = count(recorder.events(ExpiryResolved.class).stream()
                .map(ExpiryResolved::clusterId)
                .toList());
        Map<String, String> outcome = new TreeMap<>();
        recorder.events(RenewalRequested.class).forEach(r -> outcome.put(r.clusterId(), "requested"));
        recorder.events(RenewalCompleted.class).forEach(r -> outcome.put(r.clusterId(), "completed"));
        recorder.events(RenewalFailed.class).forEach(r -> outcome.put(r.clusterId(), "FAILED at " + r.step()));
        // the first scan of each cluster: what the fleet looked like before certfleet acted
        Map<String, ScanCompleted> firstScan = recorder.events(ScanCompleted.class).stream()
                .collect(Collectors.toMap(ScanCompleted::clusterId, s -> s, (a, b) -> a));

        String format = "%-12s %-11s %5s %5s %-9s %6s %8s %-18s %7s %8s%n";
        out.printf(
                format,
                "CLUSTER",
                "FLAVOUR",
                "NODES",
                "CERTS",
                "WORST",
                "ALERTS",
                "APPROVED",
                "RENEWAL",
                "RENEWED",
                "RESOLVED");
        for (SimulatedCluster cluster : fleet.clusters()) {
            String id = cluster.name();
            List<ExpiryDetected> detected = expiring.getOrDefault(id, List.of());
            ScanCompleted scan = firstScan.get(id);
            out.printf(
                    format,
                    id,
                    cluster.spec().flavour(),
                    cluster.nodes().size(),
                    scan == null ? "-" : String.valueOf(scan.certificateCount()),
                    worst(detected),
                    detected.size(),
                    approvals.containsKey(id) ? "yes" : "-",
                    outcome.getOrDefault(id, "-"),
                    nodesRenewed.getOrDefault(id, 0L) + " node",
                    resolved.getOrDefault(id, 0L));
        }
        out.println();
        out.println(
                "WORST is the most severe expiry the first scan found; ALERTS the ExpiryDetected events; RENEWED the"
                        + " control-plane nodes renewed; RESOLVED the ExpiryResolved events of the re-scan.");
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
