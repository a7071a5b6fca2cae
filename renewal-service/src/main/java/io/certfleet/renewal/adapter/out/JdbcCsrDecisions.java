package io.certfleet.renewal.adapter.out;

import static io.certfleet.messaging.ServiceDatabase.bind;
import static io.certfleet.messaging.ServiceDatabase.timestamp;

import io.certfleet.messaging.ServiceDatabase;
import io.certfleet.renewal.application.CsrDecisions;
import jakarta.inject.Singleton;
import java.sql.PreparedStatement;
import java.time.Instant;

/** {@link CsrDecisions} in table {@code csr_decision}. */
@Singleton
final class JdbcCsrDecisions implements CsrDecisions {
    private final ServiceDatabase database;

    JdbcCsrDecisions(ServiceDatabase database) {
        this.database = database;
    }

    @Override
    public void record(String clusterId, String csrName, String requester, String decision, String reason, Instant at) {
        database.write(c -> {
            try (PreparedStatement upsert = c.prepareStatement("INSERT INTO csr_decision (cluster_id, csr_name,"
                    + " requester, decision, reason, decided_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (cluster_id,"
                    + " csr_name) DO UPDATE SET decision = excluded.decision, reason = excluded.reason,"
                    + " decided_at = excluded.decided_at")) {
                bind(upsert, clusterId, csrName, requester, decision, reason, timestamp(at));
                return upsert.executeUpdate();
            }
        });
    }
}
