package io.certfleet.renewal.domain.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelSelectorTest {
    private static final Map<String, String> PROD = Map.of("environment", "prod", "team", "payments");

    @Test
    void everyRequirementMustHold() {
        assertThat(LabelSelector.parse("environment=prod").matches(PROD)).isTrue();
        assertThat(LabelSelector.parse("environment==prod, team").matches(PROD)).isTrue();
        assertThat(LabelSelector.parse("environment=prod,team!=payments").matches(PROD))
                .isFalse();
        assertThat(LabelSelector.parse("!canary").matches(PROD)).isTrue();
        assertThat(LabelSelector.parse("canary").matches(PROD)).isFalse();
        assertThat(LabelSelector.parse("").matches(Map.of())).isTrue();
    }

    @Test
    void requirementWithoutKeyIsRefused() {
        assertThatThrownBy(() -> LabelSelector.parse("=prod")).hasMessageContaining("without a key");
        assertThatThrownBy(() -> LabelSelector.parse("a=b,,c")).hasMessageContaining("empty requirement");
    }
}
