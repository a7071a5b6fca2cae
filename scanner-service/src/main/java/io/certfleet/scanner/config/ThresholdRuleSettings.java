package io.certfleet.scanner.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.bind.annotation.Bindable;
import java.time.Duration;

/**
 * One threshold rule, {@code certfleet.scanner.threshold-rules.<name>}: clusters whose labels match {@code selector}
 * get these thresholds, unless their own {@code certfleet.io/thresholds} label says otherwise. Rules apply in {@code
 * order}, then by name.
 *
 * @param name the rule's name
 * @param selector an equality-based label selector, e.g. {@code environment=prod,team!=sandbox}
 * @param warning the WARNING threshold
 * @param critical the CRITICAL threshold
 * @param order rules with a lower order are tried first
 */
@EachProperty("certfleet.scanner.threshold-rules")
public record ThresholdRuleSettings(
        @Parameter String name,
        @Bindable(defaultValue = "") String selector,
        Duration warning,
        Duration critical,
        @Bindable(defaultValue = "100") int order) {}
