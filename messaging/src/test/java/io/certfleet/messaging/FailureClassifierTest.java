package io.certfleet.messaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.certfleet.events.InvalidEventException;
import io.micronaut.data.exceptions.DataAccessException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    @Test
    void databaseUnavailableIsTransientWhereverItIsWrapped() {
        var poolTimeout = new SQLTransientConnectionException("Connection is not available, request timed out");
        var refused = new SQLException("Connection refused", "08001");
        var deadlock = new SQLException("deadlock detected", "40P01");

        assertThat(FailureClassifier.classify(poolTimeout)).isEqualTo(FailureReason.TRANSIENT);
        assertThat(FailureClassifier.classify(new DataAccessException("insert failed", refused)))
                .isEqualTo(FailureReason.TRANSIENT);
        assertThat(FailureClassifier.classify(new IllegalStateException("wrapped", deadlock)))
                .isEqualTo(FailureReason.TRANSIENT);
    }

    @Test
    void statementErrorsAndBugsAreNotRetried() {
        var notNull = new SQLException("null value in column", "23502");

        assertThat(FailureClassifier.classify(new DataAccessException("insert failed", notNull)))
                .isEqualTo(FailureReason.INTERNAL);
        assertThat(FailureClassifier.classify(new NullPointerException())).isEqualTo(FailureReason.INTERNAL);
    }

    @Test
    void rejectionsAndInvalidEventsKeepTheirReason() {
        assertThat(FailureClassifier.classify(new EventRejectedException(FailureReason.POLICY, "frozen")))
                .isEqualTo(FailureReason.POLICY);
        assertThat(FailureClassifier.classify(
                        new RuntimeException(new EventRejectedException(FailureReason.UNREACHABLE, "api down"))))
                .isEqualTo(FailureReason.UNREACHABLE);
        assertThat(FailureClassifier.classify(new InvalidEventException(null, null, "data", "missing")))
                .isEqualTo(FailureReason.INVALID_INPUT);
    }

    @Test
    void brokerAndNetworkTroubleIsRetried() {
        assertThat(FailureClassifier.classify(new NotEnoughReplicasException("isr")))
                .isEqualTo(FailureReason.TRANSIENT);
        assertThat(FailureClassifier.classify(new RuntimeException(new ConnectException("refused"))))
                .isEqualTo(FailureReason.UNREACHABLE);
    }

    @Test
    void causeCyclesEndTheSearch() {
        var first = new RuntimeException("first");
        var second = new RuntimeException("second", first);
        first.initCause(second);

        assertThat(FailureClassifier.classify(first)).isEqualTo(FailureReason.INTERNAL);
    }
}
