package io.certfleet.renewal.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * renewal-service settings, under {@code certfleet.renewal}.
 *
 * @param approvalRequired whether every renewal waits for a person's approval (ApprovalGranted) before it runs;
 *     true until the fleet's owners trust automatic renewal
 */
@ConfigurationProperties("certfleet.renewal")
public record RenewalSettings(
        @Bindable(defaultValue = "true") boolean approvalRequired) {}
