package io.certfleet.scanner.domain.expiry;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Which {@link ExpiryThresholds} apply to a cluster, decided from its labels, in this order:
 *
 * <ol>
 *   <li>the cluster's own label {@value #LABEL} ({@code <warning>-<critical>}, e.g. {@code 45d-14d});
 *   <li>the first configured rule whose label selector matches the cluster's labels;
 *   <li>the defaults.
 * </ol>
 *
 * An unreadable label value does not stop anything: the next source applies and the choice's reason says why.
 *
 * @param defaults what applies when nothing else does
 * @param rules configured rules, in order
 */
public record ThresholdPolicy(ExpiryThresholds defaults, List<Rule> rules) {
    /** The cluster label that overrides the thresholds of one cluster. */
    public static final String LABEL = "certfleet.io/thresholds";

    /**
     * Thresholds for the clusters a selector matches.
     *
     * @param name the rule's name, quoted in reasons
     * @param selector which clusters
     * @param thresholds what applies to them
     */
    public record Rule(String name, LabelSelector selector, ExpiryThresholds thresholds) {
        public Rule {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(selector, "selector");
            Objects.requireNonNull(thresholds, "thresholds");
        }
    }

    /**
     * The thresholds chosen for a cluster and why.
     *
     * @param thresholds what applies
     * @param reason where they come from, for people
     */
    public record Choice(ExpiryThresholds thresholds, String reason) {}

    public ThresholdPolicy {
        Objects.requireNonNull(defaults, "defaults");
        rules = List.copyOf(rules);
    }

    /** The defaults and no rules. */
    public static ThresholdPolicy defaultsOnly() {
        return new ThresholdPolicy(ExpiryThresholds.DEFAULTS, List.of());
    }

    public Choice thresholdsFor(Map<String, String> labels) {
        String note = "";
        String own = labels.get(LABEL);
        if (own != null) {
            try {
                return new Choice(ExpiryThresholds.parse(own), "cluster label " + LABEL + "=" + own);
            } catch (IllegalArgumentException e) {
                note = " (cluster label " + LABEL + " ignored: " + e.getMessage() + ")";
            }
        }
        for (Rule rule : rules) {
            if (rule.selector().matches(labels)) {
                return new Choice(
                        rule.thresholds(), "rule '" + rule.name() + "' (selector " + rule.selector() + ")" + note);
            }
        }
        return new Choice(defaults, "defaults" + note);
    }
}
