package io.certfleet.messaging;

import io.certfleet.events.InvalidEventException;
import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.data.exceptions.DataAccessResourceFailureException;
import io.micronaut.transaction.exceptions.CannotCreateTransactionException;
import io.micronaut.transaction.exceptions.TransactionSystemException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.IdentityHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.RetriableException;

/**
 * Decides from an exception (and its causes) whether retrying the same record can help. Anything it does not
 * recognise is {@link FailureReason#INTERNAL}: a bug is dead-lettered where someone sees it rather than retried
 * forever while it blocks the partition.
 */
final class FailureClassifier {
    private FailureClassifier() {}

    static FailureReason classify(Throwable failure) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable t = failure; t != null && seen.put(t, Boolean.TRUE) == null; t = t.getCause()) {
            FailureReason reason = classifyOne(t);
            if (reason != null) {
                return reason;
            }
        }
        return FailureReason.INTERNAL;
    }

    private static FailureReason classifyOne(Throwable t) {
        if (t instanceof EventRejectedException rejected) {
            return rejected.reason();
        }
        if (t instanceof TransientDeliveryException transientFailure) {
            return transientFailure.reason();
        }
        if (t instanceof InvalidEventException) {
            return FailureReason.INVALID_INPUT;
        }
        if (t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
            return FailureReason.TRANSIENT;
        }
        if (t instanceof SQLException sql && isTransientSqlState(sql.getSQLState())) {
            return FailureReason.TRANSIENT;
        }
        if (t instanceof RetriableException) {
            return FailureReason.TRANSIENT;
        }
        if (t instanceof CannotCreateTransactionException
                || t instanceof ConnectionException
                || t instanceof DataAccessResourceFailureException
                || t instanceof TransactionSystemException) {
            return FailureReason.TRANSIENT;
        }
        if (t instanceof ConnectException
                || t instanceof NoRouteToHostException
                || t instanceof UnknownHostException
                || t instanceof InterruptedIOException) {
            return FailureReason.UNREACHABLE;
        }
        return null;
    }

    /**
     * PostgreSQL SQLSTATE classes that describe the server or the connection rather than the statement: 08 connection
     * exception, 40 transaction rollback (serialization failure, deadlock), 53 insufficient resources, 57 operator
     * intervention (shutdown, cancel), 58 system error; and 55P03 lock not available.
     */
    static boolean isTransientSqlState(String sqlState) {
        if (sqlState == null || sqlState.length() < 2) {
            return false;
        }
        return switch (sqlState.substring(0, 2)) {
            case "08", "40", "53", "57", "58" -> true;
            default -> "55P03".equals(sqlState);
        };
    }
}
