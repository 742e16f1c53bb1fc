package dev.berth.scheduler.leader;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * Checked inside every transaction the leader's loop commits: the transaction commits only while this replica still
 * holds the leader lock, so a leader that lost its lock (its lock connection died, another replica took over) cannot
 * commit a decision made before it noticed.
 */
@FunctionalInterface
public interface Fence {
    /** For callers that are not the leader's loop, such as the benchmark. */
    Fence NONE = connection -> {};

    /** Throws {@link LostLeadershipException} unless this replica holds the lock now. */
    void check(Connection connection) throws SQLException;
}
