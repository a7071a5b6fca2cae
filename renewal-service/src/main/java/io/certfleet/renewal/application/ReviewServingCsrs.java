package io.certfleet.renewal.application;

import io.certfleet.renewal.config.CsrApproverSettings;
import io.certfleet.renewal.domain.csr.CsrVerdict;
import io.certfleet.renewal.domain.csr.KubeletServingCsrReview;
import io.certfleet.renewal.domain.csr.NodeAddresses;
import io.certfleet.renewal.domain.csr.ServingCsr;
import io.certfleet.renewal.domain.policy.LabelSelector;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Use case ({@code KUBELET_SERVING_CSR}): in every selected cluster, review the pending kubelet-serving CSRs, approve
 * those {@link KubeletServingCsrReview} accepts, deny the others with the reason, and keep an audit row of each.
 */
@Singleton
public class ReviewServingCsrs {
    private static final Logger LOG = LoggerFactory.getLogger(ReviewServingCsrs.class);

    private final ClusterDirectory clusters;
    private final KubeletServingCsrs csrs;
    private final CsrDecisions decisions;
    private final KubeletServingCsrReview review;
    private final LabelSelector selector;
    private final Clock clock;

    public ReviewServingCsrs(
            ClusterDirectory clusters,
            KubeletServingCsrs csrs,
            CsrDecisions decisions,
            CsrApproverSettings settings,
            Clock clock) {
        this.clusters = clusters;
        this.csrs = csrs;
        this.decisions = decisions;
        this.review = new KubeletServingCsrReview(settings.maxExpiration());
        this.selector = LabelSelector.parse(settings.selector());
        this.clock = clock;
    }

    /** Counts of one pass. */
    public record Pass(int approved, int denied, int clustersFailed) {}

    public Pass reviewAll() {
        int approved = 0;
        int denied = 0;
        int failed = 0;
        for (ClusterProfile cluster : clusters.all()) {
            if (cluster.management().isEmpty() || !selector.matches(cluster.labels())) {
                continue;
            }
            MDC.put("clusterId", cluster.id());
            try (KubeletServingCsrs.Session session = csrs.open(cluster)) {
                for (ServingCsr csr : session.pending()) {
                    CsrVerdict verdict = review.review(
                            csr, KubeletServingCsrReview.nodeOf(csr.username()).flatMap(session::node));
                    switch (verdict) {
                        case CsrVerdict.Approve approve -> {
                            session.approve(csr.name(), approve.reason());
                            approved++;
                            LOG.info("Approved CSR {} of {}: {}", csr.name(), csr.username(), approve.reason());
                        }
                        case CsrVerdict.Deny deny -> {
                            session.deny(csr.name(), deny.reason());
                            denied++;
                            LOG.warn("Denied CSR {} of {}: {}", csr.name(), csr.username(), deny.reason());
                        }
                    }
                    decisions.record(
                            cluster.id(),
                            csr.name(),
                            csr.username(),
                            verdict instanceof CsrVerdict.Approve ? "APPROVED" : "DENIED",
                            verdict.reason(),
                            clock.instant());
                }
            } catch (ClusterApiException e) {
                failed++;
                LOG.warn("Cannot review the CSRs of {}: {}", cluster.id(), e.getMessage());
            } finally {
                MDC.remove("clusterId");
            }
        }
        return new Pass(approved, denied, failed);
    }

    /** The review of one CSR without acting on it (for tests and dry runs). */
    public CsrVerdict review(ServingCsr csr, Optional<NodeAddresses> node) {
        return review.review(csr, node);
    }
}
