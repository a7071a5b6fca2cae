package io.certfleet.cli;

import io.certfleet.pki.checkexpiration.ReportDocuments;
import io.certfleet.pki.checkexpiration.ReportTables;
import io.certfleet.pki.checkexpiration.ScanReport;
import io.certfleet.pki.read.CertificateReader;
import io.certfleet.pki.read.PathScanner;
import io.certfleet.pki.read.ReadOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code certfleet scan}: every certificate under some paths, in every supported format. */
@Command(
        name = "scan",
        mixinStandardHelpOptions = true,
        versionProvider = CertfleetVersion.class,
        header = "Find and read every certificate under files and directories, in any format.",
        description = {
            "Walks files and directories (symlinks followed safely) and reports every certificate found: PEM"
                    + " (bundles, text around blocks, CRLF), DER, PKCS#7, PKCS#12, kubeconfig files, Secret"
                    + " manifests. kubeadm files are recognized by their path and linted.",
            "Each file that cannot be read is listed with the reason (unreadable, truncated, not a"
                    + " certificate, too large, dangling symlink, symlink loop); the scan goes on. Private keys"
                    + " are skipped, never read."
        },
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:the walk completed (even when errors are listed)",
            "1:an unexpected failure",
            "2:a command-line usage error (picocli)"
        })
final class ScanCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--path",
            paramLabel = "PATH",
            arity = "1..*",
            required = true,
            description = "files or directories to scan (repeatable)")
    List<Path> paths;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "table (default), json or yaml")
    OutputFormat output;

    @Option(
            names = "--now",
            paramLabel = "RFC3339",
            converter = OptionConverters.Rfc3339.class,
            description = "compute residual times at this instant instead of the clock")
    Instant now;

    @Option(
            names = "--pkcs12-password",
            paramLabel = "PASSWORD",
            defaultValue = "${env:CERTFLEET_PKCS12_PASSWORD:-}",
            description = "password of PKCS#12 files (default: $CERTFLEET_PKCS12_PASSWORD, else empty)")
    String pkcs12Password;

    @Option(
            names = "--max-file-size",
            paramLabel = "SIZE",
            defaultValue = "1MiB",
            converter = OptionConverters.ByteSize.class,
            description = "larger files are listed as errors, not read (default: ${DEFAULT-VALUE})")
    long maxFileSize;

    @Override
    public Integer call() {
        Instant at = now == null ? Clock.systemUTC().instant() : now;
        ReadOptions options = new ReadOptions(pkcs12Password == null ? "" : pkcs12Password, maxFileSize);
        ScanReport report = ScanReport.of(new PathScanner(new CertificateReader(options)).scan(paths), at);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        switch (output) {
            case TABLE -> {
                out.print(ReportTables.scan(report));
                out.flush();
                CheckExpirationCommand.printErrors(err, report.errors());
                err.println(report.certificates().size() + " certificate(s), "
                        + report.errors().size() + " error(s), "
                        + report.skipped().size() + " file(s) skipped (keys, already walked)");
            }
            case JSON -> out.print(ReportDocuments.json(ReportDocuments.scan(report)));
            case YAML -> out.print(ReportDocuments.yaml(ReportDocuments.scan(report)));
        }
        out.flush();
        err.flush();
        return 0;
    }
}
