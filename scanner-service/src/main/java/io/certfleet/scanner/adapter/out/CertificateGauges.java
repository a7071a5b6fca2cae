package io.certfleet.scanner.adapter.out;

import io.certfleet.messaging.ServiceDatabase;
import io.certfleet.scanner.config.ScannerSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Per-certificate gauges named as enix/x509-certificate-exporter names them, so its dashboards and alerts work on
 * certfleet's inventory: {@code x509_cert_not_after}, {@code x509_cert_not_before} (Unix seconds) and {@code
 * x509_cert_expired} (1 or 0, evaluated at scrape time), labelled {@code cluster}, {@code node}, {@code path}, {@code
 * source_kind}, {@code subject_CN}, {@code issuer_CN}, {@code serial_number}.
 *
 * <p>Bounded: the gauges are rebuilt from the inventory table every {@code metrics-refresh}, never per event, and at
 * most {@code metrics-max-series} certificates get them — those that expire soonest.
 */
@Singleton
@Requires(bean = MeterRegistry.class)
final class CertificateGauges {
    private static final Pattern CN = Pattern.compile("(?:^|,)\\s*CN=((?:\\\\.|[^,\\\\])*)");

    private final ServiceDatabase database;
    private final ScannerSettings settings;
    private final Clock clock;
    private final MultiGauge notAfter;
    private final MultiGauge notBefore;
    private final MultiGauge expired;

    CertificateGauges(ServiceDatabase database, ScannerSettings settings, Clock clock, MeterRegistry registry) {
        this.database = database;
        this.settings = settings;
        this.clock = clock;
        this.notAfter = MultiGauge.builder("x509.cert.not.after")
                .description("Unix time the certificate expires (notAfter)")
                .register(registry);
        this.notBefore = MultiGauge.builder("x509.cert.not.before")
                .description("Unix time the certificate became valid (notBefore)")
                .register(registry);
        this.expired = MultiGauge.builder("x509.cert.expired")
                .description("1 when the certificate has expired, else 0")
                .register(registry);
    }

    private record Row(Tags tags, Instant notBefore, Instant notAfter) {}

    @Scheduled(fixedDelay = "${certfleet.scanner.metrics-refresh:30s}", initialDelay = "5s")
    void refresh() {
        List<Row> rows = database.read(connection -> {
            List<Row> found = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement("SELECT cluster_id, node_name, location, idx,"
                    + " source_kind, subject, issuer, serial_number, not_before, not_after FROM certificate"
                    + " ORDER BY not_after LIMIT ?")) {
                select.setInt(1, settings.metricsMaxSeries());
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        int index = rs.getInt("idx");
                        String path = rs.getString("location") + (index == 0 ? "" : "#" + index);
                        found.add(new Row(
                                Tags.of(
                                        "cluster", rs.getString("cluster_id"),
                                        "node", rs.getString("node_name"),
                                        "path", path,
                                        "source_kind", rs.getString("source_kind"),
                                        "subject_CN", commonName(rs.getString("subject")),
                                        "issuer_CN", commonName(rs.getString("issuer")),
                                        "serial_number", rs.getString("serial_number")),
                                ServiceDatabase.instant(rs, "not_before"),
                                ServiceDatabase.instant(rs, "not_after")));
                    }
                }
            }
            return found;
        });
        notAfter.register(
                rows.stream()
                        .map(r -> MultiGauge.Row.of(r.tags(), r.notAfter().getEpochSecond()))
                        .toList(),
                true);
        notBefore.register(
                rows.stream()
                        .map(r -> MultiGauge.Row.of(r.tags(), r.notBefore().getEpochSecond()))
                        .toList(),
                true);
        expired.register(
                rows.stream()
                        .map(r -> MultiGauge.Row.of(
                                r.tags(), r, row -> clock.instant().isAfter(row.notAfter()) ? 1 : 0))
                        .toList(),
                true);
    }

    static String commonName(String distinguishedName) {
        Matcher matcher = CN.matcher(distinguishedName == null ? "" : distinguishedName);
        return matcher.find() ? matcher.group(1).replace("\\,", ",") : "";
    }
}
