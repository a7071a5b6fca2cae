package io.certfleet.scanner.domain.expiry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.certfleet.events.ExpirySeverity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ThresholdPolicyTest {
    private static final ExpiryThresholds PROD = new ExpiryThresholds(Duration.ofDays(45), Duration.ofDays(14));
    private static final ExpiryThresholds EDGE = new ExpiryThresholds(Duration.ofDays(60), Duration.ofDays(21));
    private static final ThresholdPolicy POLICY = new ThresholdPolicy(
            ExpiryThresholds.DEFAULTS,
            List.of(
                    new ThresholdPolicy.Rule("prod", LabelSelector.parse("environment=prod,team!=sandbox"), PROD),
                    new ThresholdPolicy.Rule("edge", LabelSelector.parse("ring"), EDGE)));

    @Test
    void clusterLabelWinsOverRulesAndDefaults() {
        ThresholdPolicy.Choice choice =
                POLICY.thresholdsFor(Map.of("environment", "prod", ThresholdPolicy.LABEL, "90d-30d"));

        assertThat(choice.thresholds()).isEqualTo(new ExpiryThresholds(Duration.ofDays(90), Duration.ofDays(30)));
        assertThat(choice.reason()).isEqualTo("cluster label certfleet.io/thresholds=90d-30d");
    }

    @Test
    void firstMatchingRuleApplies() {
        assertThat(POLICY.thresholdsFor(Map.of("environment", "prod", "ring", "1"))
                        .thresholds())
                .isEqualTo(PROD);
        assertThat(POLICY.thresholdsFor(Map.of("environment", "prod", "team", "sandbox", "ring", "0"))
                        .thresholds())
                .isEqualTo(EDGE);
        assertThat(POLICY.thresholdsFor(Map.of("environment", "dev")).thresholds())
                .isEqualTo(ExpiryThresholds.DEFAULTS);
    }

    @Test
    void unreadableLabelFallsThroughAndSaysWhy() {
        ThresholdPolicy.Choice choice =
                POLICY.thresholdsFor(Map.of("environment", "prod", ThresholdPolicy.LABEL, "soon"));

        assertThat(choice.thresholds()).isEqualTo(PROD);
        assertThat(choice.reason()).contains("rule 'prod'").contains("ignored").contains("45d-14d");
    }

    @Test
    void thresholdsMustBeOrdered() {
        assertThatThrownBy(() -> ExpiryThresholds.parse("7d-30d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be shorter");
        assertThatThrownBy(() -> ExpiryThresholds.parseDuration("a month")).hasMessageContaining("is not a duration");
        assertThat(ExpiryThresholds.parseDuration("P30D")).isEqualTo(Duration.ofDays(30));
        assertThat(ExpiryThresholds.parseDuration("12h")).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void severityBands() {
        Instant now = Instant.parse("2026-11-22T10:00:00Z");
        ExpiryThresholds t = ExpiryThresholds.DEFAULTS;

        assertThat(t.severityAt(now.plus(Duration.ofDays(30)), now)).isEmpty();
        assertThat(t.severityAt(now.plus(Duration.ofDays(30)).minusSeconds(1), now))
                .contains(ExpirySeverity.WARNING);
        assertThat(t.severityAt(now.plus(Duration.ofDays(7)).minusSeconds(1), now))
                .contains(ExpirySeverity.CRITICAL);
        assertThat(t.severityAt(now, now)).contains(ExpirySeverity.CRITICAL);
        assertThat(t.severityAt(now.minusSeconds(1), now)).contains(ExpirySeverity.EXPIRED);
    }

    @Test
    void labelSelectorRequirements() {
        LabelSelector selector = LabelSelector.parse("environment==prod, ring, !frozen, team!=sandbox");

        assertThat(selector.matches(Map.of("environment", "prod", "ring", "2"))).isTrue();
        assertThat(selector.matches(Map.of("environment", "prod", "ring", "2", "frozen", "yes")))
                .isFalse();
        assertThat(selector.matches(Map.of("environment", "prod"))).isFalse();
        assertThat(selector.matches(Map.of("environment", "prod", "ring", "2", "team", "sandbox")))
                .isFalse();
        assertThat(LabelSelector.parse("").matches(Map.of())).isTrue();
        assertThat(selector).hasToString("environment=prod,ring,!frozen,team!=sandbox");
        assertThatThrownBy(() -> LabelSelector.parse("a b=c")).hasMessageContaining("not a label requirement");
    }
}
