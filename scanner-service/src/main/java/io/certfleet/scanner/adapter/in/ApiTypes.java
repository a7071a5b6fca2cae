package io.certfleet.scanner.adapter.in;

import io.certfleet.events.CertificateFacts;
import io.certfleet.events.Finding;
import io.certfleet.scanner.application.CertificateView;
import io.certfleet.scanner.application.ClusterSummary;
import io.certfleet.scanner.application.InventoryQueries;
import io.certfleet.scanner.application.ScanView;
import io.certfleet.scanner.domain.inventory.Cluster;
import io.certfleet.scanner.domain.inventory.ClusterNode;
import io.certfleet.scanner.domain.inventory.Endpoint;
import io.certfleet.scanner.domain.inventory.ManagementRef;
import io.micronaut.serde.annotation.SerdeImport;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.UUID;

/**
 * The JSON the API writes: the application's read models as they are (public facts only, by construction), made
 * serializable here so the inner layers stay free of HTTP concerns.
 */
@SerdeImport(ClusterSummary.class)
@SerdeImport(InventoryQueries.ClusterDetails.class)
@SerdeImport(Cluster.class)
@SerdeImport(ClusterNode.class)
@SerdeImport(Endpoint.class)
@SerdeImport(ManagementRef.class)
@SerdeImport(CertificateView.class)
@SerdeImport(CertificateFacts.class)
@SerdeImport(Finding.class)
@SerdeImport(ScanView.class)
final class ApiTypes {
    private ApiTypes() {}

    /**
     * A problem with a request.
     *
     * @param message what is wrong, for people
     */
    @Serdeable
    public record Problem(String message) {}

    /**
     * A scan request accepted.
     *
     * @param requestId the request
     * @param clusterId the cluster
     * @param requestedAt when
     */
    @Serdeable
    public record ScanAccepted(UUID requestId, String clusterId, Instant requestedAt) {}

    /**
     * A registration done.
     *
     * @param clusterId the cluster
     * @param created whether it is new
     */
    @Serdeable
    public record Registered(String clusterId, boolean created) {}
}
