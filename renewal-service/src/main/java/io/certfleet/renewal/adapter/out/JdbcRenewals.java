package io.certfleet.renewal.adapter.out;

import io.certfleet.events.CertificateRef;
import io.certfleet.events.ExpirySeverity;
import io.certfleet.events.RenewalStrategy;
import io.certfleet.renewal.application.Renewals;
import io.certfleet.renewal.domain.Renewal;
import io.certfleet.renewal.domain.RenewalState;
import jakarta.inject.Singleton;
import java.util.Optional;

/** {@link Renewals} on PostgreSQL through Micronaut Data JDBC. */
@Singleton
final class JdbcRenewals implements Renewals {
    private final RenewalRows rows;

    JdbcRenewals(RenewalRows rows) {
        this.rows = rows;
    }

    @Override
    public Optional<Renewal> findOpen(String clusterId, String nodeName, String location) {
        return rows.findOpen(clusterId, nodeName == null ? "" : nodeName, location)
                .map(JdbcRenewals::toRenewal);
    }

    @Override
    public void add(Renewal renewal) {
        CertificateRef certificate = renewal.certificate();
        rows.save(new RenewalRow(
                renewal.id(),
                renewal.clusterId(),
                certificate.nodeName(),
                certificate.location(),
                certificate.kubeadmName(),
                certificate.sha256(),
                renewal.severity().name(),
                renewal.notAfter(),
                renewal.state().name(),
                renewal.strategy().name(),
                renewal.reason(),
                renewal.approvalRequired(),
                renewal.requestedBy(),
                renewal.sourceEventId(),
                renewal.requestedAt(),
                renewal.requestedAt()));
    }

    private static Renewal toRenewal(RenewalRow row) {
        return new Renewal(
                row.id(),
                row.clusterId(),
                new CertificateRef(row.nodeName(), row.location(), row.kubeadmName(), row.sha256()),
                ExpirySeverity.valueOf(row.severity()),
                row.notAfter(),
                RenewalState.valueOf(row.state()),
                RenewalStrategy.valueOf(row.strategy()),
                row.reason(),
                row.approvalRequired(),
                row.requestedBy(),
                row.sourceEventId(),
                row.requestedAt());
    }
}
