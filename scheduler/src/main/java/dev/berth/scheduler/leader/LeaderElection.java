package dev.berth.scheduler.leader;

import dev.berth.scheduler.db.ConnectionFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One scheduler replica leads: the one holding a session-level advisory lock ({@code pg_try_advisory_lock}) on a
 * connection of its own, outside the pool. The others try again every {@code retry}. PostgreSQL releases the lock
 * when the session ends, so a leader that dies or loses its connection frees it for the next try of another replica.
 *
 * <p>The leader checks its connection every {@code retry} too and stops leading at the first failure. Between checks
 * the {@link Fence} covers it: every transaction of the leader's loop verifies, in {@code pg_locks}, that the lock is
 * still held by this replica's lock session before it commits.
 */
public final class LeaderElection implements Fence, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaderElection.class);
    /** The lock's first key: "BRTH". The second is derived from the schema, so schemas side by side elect apart. */
    private static final int LOCK_CLASS = 0x42525448;

    private final ConnectionFactory connections;
    private final int lockKey;
    private final String identity;
    private final Consumer<Boolean> onChange;
    private final ScheduledExecutorService timer;
    private @Nullable Connection connection;
    private volatile int leaderPid = -1;

    /**
     * @param identity how this replica names itself in the log
     * @param onChange told true when this replica becomes the leader, false when it stops being it
     */
    public LeaderElection(ConnectionFactory connections, String schema, String identity, Duration retry,
                          Consumer<Boolean> onChange) {
        this.connections = connections;
        this.lockKey = schema.hashCode() & 0x7fffffff;
        this.identity = identity;
        this.onChange = onChange;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("berth-leader").daemon()
                .factory());
        timer.scheduleWithFixedDelay(this::tick, 0, retry.toMillis(), TimeUnit.MILLISECONDS);
    }

    public boolean isLeader() {
        return leaderPid > 0;
    }

    @Override
    public void check(Connection transaction) throws SQLException {
        int pid = leaderPid;
        if (pid <= 0) {
            throw new LostLeadershipException(identity + " is not the leader");
        }
        try (PreparedStatement statement = transaction.prepareStatement("SELECT 1 FROM pg_locks WHERE locktype ="
                + " 'advisory' AND granted AND pid = ? AND classid = ?::oid AND objid = ?::oid AND objsubid = 2")) {
            statement.setInt(1, pid);
            statement.setLong(2, LOCK_CLASS);
            statement.setLong(3, lockKey);
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    throw new LostLeadershipException(identity + " no longer holds the leader lock");
                }
            }
        }
    }

    private synchronized void tick() {
        try {
            if (leaderPid > 0) {
                try (Statement statement = connection.createStatement()) {
                    statement.setQueryTimeout(2);
                    statement.execute("SELECT 1");
                }
                return;
            }
            if (connection == null || connection.isClosed()) {
                connection = connections.open();
                connection.setAutoCommit(true);
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT pg_try_advisory_lock(?, ?), pg_backend_pid()")) {
                statement.setInt(1, LOCK_CLASS);
                statement.setInt(2, lockKey);
                try (ResultSet rows = statement.executeQuery()) {
                    rows.next();
                    if (rows.getBoolean(1)) {
                        leaderPid = rows.getInt(2);
                        log.info("{} leads (advisory lock {}/{}, session {})", identity, LOCK_CLASS, lockKey,
                                leaderPid);
                        onChange.accept(true);
                    }
                }
            }
        } catch (SQLException | RuntimeException e) {
            lose("lock connection failed: " + e.getMessage());
        }
    }

    private void lose(String why) {
        boolean was = leaderPid > 0;
        leaderPid = -1;
        closeConnection();
        if (was) {
            log.warn("{} stops leading: {}", identity, why);
            onChange.accept(false);
        } else {
            log.debug("{} could not try for the leader lock: {}", identity, why);
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // it is gone either way
            }
            connection = null;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        synchronized (this) {
            boolean was = leaderPid > 0;
            leaderPid = -1;
            closeConnection(); // ends the session: the lock is free for the next replica at once
            if (was) {
                onChange.accept(false);
            }
        }
    }
}
