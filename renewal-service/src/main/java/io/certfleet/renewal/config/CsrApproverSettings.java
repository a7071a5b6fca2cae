package io.certfleet.renewal.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * The kubelet-serving CSR approver, under {@code certfleet.renewal.csr-approver}.
 *
 * @param enabled whether this instance reviews pending {@code kubernetes.io/kubelet-serving} CSRs
 * @param interval how often each selected cluster is looked at
 * @param selector which clusters of the inventory (by label); empty for all that have a management cluster
 * @param maxExpiration the longest {@code expirationSeconds} a CSR may ask for
 */
@ConfigurationProperties("certfleet.renewal.csr-approver")
public record CsrApproverSettings(
        @Bindable(defaultValue = "false") boolean enabled,
        @Bindable(defaultValue = "30s") Duration interval,
        @Nullable String selector,
        @Bindable(defaultValue = "365d") Duration maxExpiration) {}
