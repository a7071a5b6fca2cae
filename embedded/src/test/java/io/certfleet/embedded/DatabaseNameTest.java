package io.certfleet.embedded;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatabaseNameTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "scanner",
                "renewal_it_3_a1b2c3",
                "_x",
                "a23456789012345678901234567890123456789012345678901234567890123"
            })
    void acceptsLowerCaseIdentifiers(String name) {
        assertThatCode(() -> EmbeddedPostgres.requireValidDatabaseName(name)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "Scanner",
                "1st",
                "bad\"name",
                "x; DROP DATABASE postgres",
                "with-dash",
                "a234567890123456789012345678901234567890123456789012345678901234"
            })
    void rejectsAnythingThatIsNotASafeIdentifier(String name) {
        assertThatThrownBy(() -> EmbeddedPostgres.requireValidDatabaseName(name))
                .isInstanceOfSatisfying(
                        EmbeddedInfrastructureException.class,
                        e -> org.assertj.core.api.Assertions.assertThat(e.retryHelps())
                                .isFalse());
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> EmbeddedPostgres.requireValidDatabaseName(null))
                .isInstanceOf(EmbeddedInfrastructureException.class);
    }
}
