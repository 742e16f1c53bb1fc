package dev.berth.registry.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Transactions over the registry's schema. The connections' search path is the schema (set by the pool), so the SQL
 * names tables without it and a test can run against a schema of its own.
 */
public final class Database {
    private final DataSource dataSource;
    private final long gcLockKey;

    /**
     * @param gcLockKey the advisory lock of {@link #lockAgainstGc}; one per schema, so that registries in other
     *     schemas of the same database never wait on each other
     */
    public Database(DataSource dataSource, long gcLockKey) {
        this.dataSource = dataSource;
        this.gcLockKey = gcLockKey;
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
            throw new DatabaseException(what, e);
        }
    }

    /**
     * Runs {@code work} on one connection in autocommit mode, each statement a transaction of its own: for reads, which
     * see committed data statement by statement as they would inside a transaction at read committed, and for writes
     * of one statement. It spares the round trips of a transaction's begin and commit, which on a small request such
     * as a blob check are most of the time spent in the database.
     */
    public <T> T autocommit(String what, SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(true);
            return work.run(connection);
        } catch (SQLException e) {
            throw new DatabaseException(what, e);
        }
    }

    /**
     * Takes, for the rest of the transaction, the lock that garbage collection holds exclusively: shared, so pushes
     * never wait on each other. Whatever a transaction that holds it checks (a blob exists) stays true until it
     * commits (the manifest that references the blob is stored).
     */
    public void lockAgainstGc(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock_shared(?)")) {
            lock.setLong(1, gcLockKey);
            lock.execute();
        }
    }

    /** The exclusive side of {@link #lockAgainstGc}, for the collector. */
    public void lockForGc(Connection connection) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            lock.setLong(1, gcLockKey);
            lock.execute();
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
