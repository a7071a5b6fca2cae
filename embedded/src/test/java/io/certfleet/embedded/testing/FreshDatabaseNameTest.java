package io.certfleet.embedded.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FreshDatabaseNameTest {

    private static final String IDENTIFIER = "[a-z_][a-z0-9_]{0,62}";

    @Test
    void aTestClassNameBecomesALowerCaseIdentifier() {
        assertThat(SharedInfrastructure.freshDatabaseName("RenewalFlow-IT", 3, "a1b2c3"))
                .isEqualTo("renewalflow_it_3_a1b2c3");
    }

    @Test
    void aPrefixThatDoesNotStartWithALetterGetsOne() {
        assertThat(SharedInfrastructure.freshDatabaseName("42", 1, "000000")).isEqualTo("it_42_1_000000");
        assertThat(SharedInfrastructure.freshDatabaseName("", 1, "000000")).isEqualTo("it__1_000000");
        assertThat(SharedInfrastructure.freshDatabaseName(null, 1, "000000")).matches(IDENTIFIER);
    }

    @Test
    void longPrefixesAreCutSoTheNameStaysAValidIdentifier() {
        String name = SharedInfrastructure.freshDatabaseName("x".repeat(200), 123456, "ffffff");
        assertThat(name).matches(IDENTIFIER).endsWith("_123456_ffffff");
    }

    @Test
    void distinctSequencesGiveDistinctNames() {
        assertThat(SharedInfrastructure.freshDatabaseName("scanner", 1, "abcdef"))
                .isNotEqualTo(SharedInfrastructure.freshDatabaseName("scanner", 2, "abcdef"));
    }
}
