package io.certfleet.cli;

import io.certfleet.pki.checkexpiration.CertificateEntry;
import io.certfleet.pki.checkexpiration.CheckExpiration;
import io.certfleet.pki.checkexpiration.CheckExpirationReport;
import io.certfleet.pki.checkexpiration.KubeadmLayout;
import io.certfleet.pki.checkexpiration.KubeadmTimeFormat;
import io.certfleet.pki.checkexpiration.ReportDocuments;
import io.certfleet.pki.checkexpiration.ReportError;
import io.certfleet.pki.checkexpiration.ReportTables;
import io.certfleet.pki.read.CertificateReader;
import io.certfleet.pki.read.ReadOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code certfleet check-expiration}: kubeadm's check-expiration from the files, plus the kubelet's. */
@Command(
        name = "check-expiration",
        mixinStandardHelpOptions = true,
        versionProvider = CertfleetVersion.class,
        header = "Show when a kubeadm node's certificates expire (kubeadm certs check-expiration, from the files).",
        description = {
            "Shows when the certificates of a kubeadm node expire, like 'kubeadm certs check-expiration', "
                    + "reading only the files (no cluster, no kubeadm needed).",
            "Adds the kubelet's client (kubelet-client-current.pem) and serving (kubelet.crt or "
                    + "kubelet-server-current.pem) certificates, one row per extra certificate of a bundle "
                    + "(ca[1]), lint findings (JSON/YAML) and unreadable files ('!ERROR! <name>' row, reason on "
                    + "stderr or in \"errors\")."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:the check ran (missing or unreadable files are reported, not fatal)",
            "1:an unexpected failure",
            "2:--fail-within: a certificate (or CA) expires within the window, or is expired;"
                    + " also picocli's status for a command-line usage error (a usage message is printed)"
        })
final class CheckExpirationCommand implements Callable<Integer> {
    static final int EXIT_EXPIRING = 2;

    @Spec
    CommandSpec spec;

    @Mixin
    KubeadmDirectoryOptions directories;

    @Option(
            names = "--kubelet-dir",
            paramLabel = "DIR",
            defaultValue = "/var/lib/kubelet/pki",
            description = "kubelet certificate directory (default: ${DEFAULT-VALUE})")
    Path kubeletDir;

    @Option(
            names = "--now",
            paramLabel = "RFC3339",
            converter = OptionConverters.Rfc3339.class,
            description = "compute residual times at this instant instead of the clock, e.g. 2026-11-22T10:00:00Z")
    Instant now;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table (default; kubeadm's two tables), json or yaml")
    OutputFormat output;

    @Option(
            names = "--fail-within",
            paramLabel = "DURATION",
            converter = OptionConverters.Window.class,
            description = "exit 2 when any certificate expires within this time: 30d, 720h, 1h30m (units s, m, h, d)")
    Duration failWithin;

    @Override
    public Integer call() {
        Clock clock = now == null ? Clock.systemUTC() : Clock.fixed(now, ZoneOffset.UTC);
        CheckExpirationReport report = new CheckExpiration(new CertificateReader(ReadOptions.defaults()), clock)
                .check(new KubeadmLayout(directories.certDir, directories.configDir, kubeletDir));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        switch (output) {
            case TABLE -> {
                out.print(ReportTables.checkExpiration(report));
                out.flush();
                printErrors(err, report.errors());
            }
            case JSON -> out.print(ReportDocuments.json(ReportDocuments.checkExpiration(report)));
            case YAML -> out.print(ReportDocuments.yaml(ReportDocuments.checkExpiration(report)));
        }
        out.flush();
        if (failWithin != null) {
            List<CertificateEntry> expiring = report.expiringWithin(failWithin);
            if (!expiring.isEmpty()) {
                err.println("certfleet check-expiration: " + expiring.size() + " certificate(s) expire within "
                        + spec.findOption("--fail-within")
                                .originalStringValues()
                                .get(0) + ": "
                        + expiring.stream()
                                .map(e -> e.displayName() + " ("
                                        + KubeadmTimeFormat.expires(e.facts().notAfter()) + ")")
                                .collect(Collectors.joining(", ")));
                err.flush();
                return EXIT_EXPIRING;
            }
        }
        err.flush();
        return 0;
    }

    static void printErrors(PrintWriter err, List<ReportError> errors) {
        for (ReportError error : errors) {
            err.println("error: " + error.path() + ": " + error.reason());
        }
    }
}
