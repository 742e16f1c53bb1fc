package dev.berth.db;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Transactions over the service's schema. The pool sets each connection's search path to the schema, so the SQL
 * names tables without it and a test can run in a schema of its own. A failure leaves as the exception that
 * {@code failure} makes of it.
 */
public final class Database {
    private final DataSource dataSource;
    private final SqlFailure failure;

    public Database(DataSource dataSource, SqlFailure failure) {
        this.dataSource = dataSource;
        this.failure = failure;
    }

    /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
    public <T> T transaction(String what, SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection, e);
                throw e;
            }
        } catch (SQLException e) {
            throw failure.of(what, e);
        }
    }

    /** Runs read-only {@code work} on one connection in autocommit mode. */
    public <T> T read(String what, SqlWork<T> work) {
        return autocommit(what, work);
    }

    /**
     * Runs {@code work} on one connection in autocommit mode, each statement a transaction of its own: for reads, which
     * see committed data statement by statement as they would inside a transaction at read committed, and for writes
     * of one statement. It spares the round trips of a transaction's begin and commit, which on a small request are
     * most of the time spent in the database.
     */
    public <T> T autocommit(String what, SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return work.run(connection);
        } catch (SQLException e) {
            throw failure.of(what, e);
        }
    }

    private static void rollbackQuietly(Connection connection, Throwable failure) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            failure.addSuppressed(e);
        }
    }
}
