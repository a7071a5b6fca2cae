package io.certfleet.messaging;

import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/**
 * Plain JDBC on the service's datasource, for repositories that write SQL themselves. Every call joins the caller's transaction or runs in its own, so a
 * repository method works from a {@code @Transactional} use case (with the outbox) and from a plain read alike.
 */
@Singleton
public final class ServiceDatabase {
    private final TransactionOperations<Connection> transactions;

    ServiceDatabase(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    /** Work on a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    public <T> T read(Work<T> work) {
        return transactions.executeRead(status -> run(work, status.getConnection()));
    }

    public <T> T write(Work<T> work) {
        return transactions.executeWrite(status -> run(work, status.getConnection()));
    }

    private static <T> T run(Work<T> work, Connection connection) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    public static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public static OffsetDateTime timestamp(Optional<Instant> instant) {
        return timestamp(instant.orElse(null));
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    public static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(instant(rs, column));
    }

    public static Optional<String> optionalString(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    public static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
    }

    /**
     * A database failure; {@link #retryable()} says whether trying again may help (connection, serialization,
     * resources). The message carries the SQL state, never row data.
     */
    public static final class StoreException extends RuntimeException {
        private final boolean retryable;
        private final String sqlState;

        public StoreException(SQLException cause) {
            super("database error (SQL state " + cause.getSQLState() + "): " + cause.getMessage(), cause);
            String state = cause.getSQLState() == null ? "" : cause.getSQLState();
            this.sqlState = state;
            this.retryable = state.startsWith("08")
                    || state.startsWith("40")
                    || state.startsWith("53")
                    || state.startsWith("57");
        }

        public boolean retryable() {
            return retryable;
        }

        /** The SQL state alone (e.g. {@code 23505}), empty when the driver gave none: safe to put in a reason. */
        public String sqlState() {
            return sqlState;
        }
    }
}
