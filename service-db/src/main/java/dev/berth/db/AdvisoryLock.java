package dev.berth.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A PostgreSQL advisory lock held for the rest of the current transaction: shared by any number of holders, or
 * exclusive. The key names it; keys derived from the schema keep services in other schemas of the same database from
 * waiting on each other.
 */
public final class AdvisoryLock {
    private final long key;

    public AdvisoryLock(long key) {
        this.key = key;
    }

    public long key() {
        return key;
    }

    /** Takes the lock shared until {@code connection}'s transaction ends; waits while it is held exclusively. */
    public void shared(Connection connection) throws SQLException {
        take(connection, "SELECT pg_advisory_xact_lock_shared(?)");
    }

    /** Takes the lock exclusively until {@code connection}'s transaction ends; waits while anyone holds it. */
    public void exclusive(Connection connection) throws SQLException {
        take(connection, "SELECT pg_advisory_xact_lock(?)");
    }

    private void take(Connection connection, String sql) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement(sql)) {
            lock.setLong(1, key);
            lock.execute();
        }
    }
}
