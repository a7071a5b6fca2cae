package io.certfleet.messaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which clusters a scope includes, and the same question as SQL LIKE patterns. */
class ClusterScopeTest {

    @Test
    void patternsMatchWholeIdsWithStarForAnyRun() {
        ClusterScope scope = ClusterScope.of(List.of("prod-*", "edge_1", "*-lab"));

        assertThat(scope.includes("prod-eu-1")).isTrue();
        assertThat(scope.includes("edge_1")).isTrue();
        assertThat(scope.includes("zone-b-lab")).isTrue();
        assertThat(scope.includes("staging-prod-1")).isFalse();
        assertThat(scope.includes("edgeX1"))
                .as("'_' is literal, not LIKE's one character")
                .isFalse();
        assertThat(scope.isAll()).isFalse();
        assertThat(scope).hasToString("clusters [prod-*, edge_1, *-lab]");
    }

    @Test
    void likePatternsEscapeWhatLikeWouldReadAsWildcards() {
        assertThat(ClusterScope.of(List.of("prod-*", "edge_1", "a%b", "c\\d")).likePatterns())
                .containsExactly("prod-%", "edge\\_1", "a\\%b", "c\\\\d");
    }

    @Test
    void allIncludesEveryClusterAndNeedsNoPatterns() {
        assertThat(ClusterScope.all().includes("anything")).isTrue();
        assertThat(ClusterScope.all().isAll()).isTrue();
        assertThat(ClusterScope.all().patterns()).isEmpty();
        assertThatThrownBy(() -> ClusterScope.of(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClusterScope.of(List.of("prod-*", " "))).isInstanceOf(IllegalArgumentException.class);
    }
}
