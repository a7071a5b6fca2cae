package io.certfleet.renewal.adapter.out;

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
 * Plain JDBC on the service's datasource. Every call joins the caller's transaction or runs in its own, so a
 * repository method works from a {@code @Transactional} use case (with the outbox) and from a plain read alike.
 */
@Singleton
final class Database {
    private final TransactionOperations<Connection> transactions;

    Database(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    /** Work on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    <T> T read(Work<T> work) {
        return transactions.executeRead(status -> run(work, status.getConnection()));
    }

    <T> T write(Work<T> work) {
        return transactions.executeWrite(status -> run(work, status.getConnection()));
    }

    private static <T> T run(Work<T> work, Connection connection) {
        try {
            return work.run(connection);
        } catch (SQLException e) {
            throw new StoreException(e);
        }
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static OffsetDateTime timestamp(Optional<Instant> instant) {
        return timestamp(instant.orElse(null));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(instant(rs, column));
    }

    static Optional<String> optionalString(ResultSet rs, String column) throws SQLException {
        return Optional.ofNullable(rs.getString(column));
    }

    static void bind(PreparedStatement statement, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            statement.setObject(i + 1, values[i]);
        }
    }

    /**
     * A database failure. The message carries the SQL state and the driver's message, never row data (the driver's
     * messages name constraints and columns).
     */
    static final class StoreException extends RuntimeException {
        StoreException(SQLException cause) {
            super("database error (SQL state " + cause.getSQLState() + "): " + cause.getMessage(), cause);
        }
    }
}
