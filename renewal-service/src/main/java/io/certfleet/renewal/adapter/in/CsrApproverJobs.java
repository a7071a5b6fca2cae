package io.certfleet.renewal.adapter.in;

import io.certfleet.renewal.application.ReviewServingCsrs;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The kubelet-serving CSR approver's timer. */
@Singleton
@Requires(property = "certfleet.renewal.csr-approver.enabled", value = "true")
final class CsrApproverJobs {
    private static final Logger LOG = LoggerFactory.getLogger(CsrApproverJobs.class);

    private final ReviewServingCsrs review;

    CsrApproverJobs(ReviewServingCsrs review) {
        this.review = review;
    }

    @Scheduled(fixedDelay = "${certfleet.renewal.csr-approver.interval:30s}", initialDelay = "5s")
    void review() {
        try {
            ReviewServingCsrs.Pass pass = review.reviewAll();
            if (pass.approved() + pass.denied() > 0) {
                LOG.info("kubelet-serving CSRs: {} approved, {} denied", pass.approved(), pass.denied());
            }
        } catch (RuntimeException e) {
            LOG.warn("reviewing kubelet-serving CSRs failed: {}", e.getMessage());
        }
    }
}
