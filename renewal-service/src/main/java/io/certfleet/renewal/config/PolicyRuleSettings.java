package io.certfleet.renewal.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import java.util.List;

/**
 * A policy rule, {@code certfleet.renewal.rules.<name>}: for the clusters its selector picks, whether renewals wait for
 * approval, their maintenance windows and a forced strategy. What it leaves out comes from the defaults.
 *
 * <pre>
 * certfleet.renewal.rules:
 *   prod:    {order: 1, selector: "environment=prod", approval-required: true, maintenance-windows: ["Sat 02:00-06:00 UTC"]}
 *   lab:     {order: 2, selector: "environment=lab", approval-required: false}
 * </pre>
 *
 * @param name the rule's name
 * @param order rules are tried in this order (then by name); the first match wins
 * @param selector the clusters it applies to ({@code env=prod,team!=x}); empty for every cluster
 * @param approvalRequired whether their renewals wait for approval
 * @param maintenanceWindows their windows
 * @param strategy KUBEADM_IN_PLACE, CAPI_ROLLOUT or EXTERNAL_CA instead of the flavour's
 */
@EachProperty("certfleet.renewal.rules")
public record PolicyRuleSettings(
        @Parameter String name,
        @Bindable(defaultValue = "0") int order,
        @Nullable String selector,
        @Nullable Boolean approvalRequired,
        @Nullable List<String> maintenanceWindows,
        @Nullable String strategy) {}
