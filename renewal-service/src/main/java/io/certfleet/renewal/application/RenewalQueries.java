package io.certfleet.renewal.application;

import io.certfleet.events.CertificateRef;
import io.certfleet.messaging.ClusterScope;
import io.certfleet.renewal.domain.execution.Renewal;
import io.certfleet.renewal.domain.execution.RenewalState;
import io.certfleet.renewal.domain.execution.RenewalStep;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads renewals for the API: public facts only (step results hold paths and fingerprints, never keys), and only of the
 * clusters the reader may see.
 */
@Singleton
public class RenewalQueries {
    private final Renewals renewals;

    RenewalQueries(Renewals renewals) {
        this.renewals = renewals;
    }

    /** A renewal with its certificates and steps. */
    public record RenewalDetail(Renewal renewal, List<CertificateRef> certificates, List<RenewalStep> steps) {}

    public List<Renewal> list(ClusterScope scope, Optional<String> clusterId, Optional<RenewalState> state, int limit) {
        return renewals.list(scope, clusterId, state, Math.max(1, Math.min(limit, 1000)));
    }

    /** The renewal, if it exists and its cluster is in {@code scope}. */
    public Optional<RenewalDetail> get(ClusterScope scope, UUID id) {
        return renewals.find(id)
                .filter(r -> scope.includes(r.clusterId()))
                .map(r -> new RenewalDetail(r, renewals.certificates(id), renewals.steps(id)));
    }
}
