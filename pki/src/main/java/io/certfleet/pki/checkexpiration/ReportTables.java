package io.certfleet.pki.checkexpiration;

import io.certfleet.pki.inspect.Finding;
import java.util.stream.Collectors;

/**
 * Text tables. {@link #checkExpiration} prints kubeadm's two tables with kubeadm's exact headers,
 * alignment, date and residual formats, {@code !MISSING! <name>} rows, and {@code yes}/{@code no};
 * certfleet adds the kubelet rows, a row per further bundle member ({@code ca[1]}) and {@code
 * !ERROR! <name>} for a file that exists but cannot be read (the reason goes to the error list).
 */
public final class ReportTables {
    private ReportTables() {}

    public static String checkExpiration(CheckExpirationReport report) {
        TabWriter w = TabWriter.kubeadm();
        w.line("CERTIFICATE\tEXPIRES\tRESIDUAL TIME\tCERTIFICATE AUTHORITY\tEXTERNALLY MANAGED");
        for (ExpirationRow row : report.certificates()) {
            switch (row) {
                case ExpirationRow.Present p -> {
                    CertificateEntry e = p.entry();
                    w.line(e.displayName() + "\t"
                            + KubeadmTimeFormat.expires(e.facts().notAfter()) + "\t"
                            + KubeadmTimeFormat.residual(e.residualSeconds()) + "\t"
                            + e.certificateAuthority().orElse("") + "\t" + yesNo(e.externallyManaged()));
                }
                case ExpirationRow.Missing m -> w.line("!MISSING! " + m.name() + "\t\t\t\t");
                case ExpirationRow.Unreadable u -> w.line("!ERROR! " + u.name() + "\t\t\t\t");
            }
        }
        w.line("");
        w.line("CERTIFICATE AUTHORITY\tEXPIRES\tRESIDUAL TIME\tEXTERNALLY MANAGED");
        for (ExpirationRow row : report.authorities()) {
            switch (row) {
                case ExpirationRow.Present p -> {
                    CertificateEntry e = p.entry();
                    w.line(e.displayName() + "\t"
                            + KubeadmTimeFormat.expires(e.facts().notAfter()) + "\t"
                            + KubeadmTimeFormat.residual(e.residualSeconds()) + "\t" + yesNo(e.externallyManaged()));
                }
                case ExpirationRow.Missing m -> w.line("!MISSING! " + m.name() + "\t\t\t");
                case ExpirationRow.Unreadable u -> w.line("!ERROR! " + u.name() + "\t\t\t");
            }
        }
        return w.render();
    }

    /** One line per certificate found by {@code scan}, in walk order. */
    public static String scan(ScanReport report) {
        TabWriter w = TabWriter.kubeadm();
        w.line("PATH\tINDEX\tNAME\tSUBJECT\tEXPIRES\tRESIDUAL TIME\tFINDINGS");
        for (CertificateEntry e : report.certificates()) {
            String findings = e.findings().isEmpty()
                    ? "-"
                    : e.findings().stream().map(Finding::code).distinct().collect(Collectors.joining(","));
            w.line(e.path() + "\t" + e.index() + "\t" + e.name().orElse("-") + "\t"
                    + (e.facts().subject().isEmpty() ? "(empty)" : e.facts().subject()) + "\t"
                    + KubeadmTimeFormat.expires(e.facts().notAfter()) + "\t"
                    + KubeadmTimeFormat.residual(e.residualSeconds()) + "\t" + findings);
        }
        return w.render();
    }

    /** kubeadm prints {@code %-8v}: the last column is padded to 8 characters. */
    private static String yesNo(boolean value) {
        return String.format("%-8s", value ? "yes" : "no");
    }
}
