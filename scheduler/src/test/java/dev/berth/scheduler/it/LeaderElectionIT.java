package dev.berth.scheduler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.db.TestDatabase;
import dev.berth.scheduler.leader.LeaderElection;
import dev.berth.scheduler.leader.LostLeadershipException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The election on its own, against the real PostgreSQL: a leader whose lock session is killed under it is fenced at
 * once (its transactions cannot commit), stops leading at its next check, and a leader is elected anew.
 */
class LeaderElectionIT {

    @Test
    void aLeaderWhoseSessionDiesIsFencedAtOnceAndReplaced() throws Exception {
        String schema = TestDatabase.schema("scheduler_it_", "election");
        List<String> changes = new CopyOnWriteArrayList<>();
        try (LeaderElection first = new LeaderElection(TestDatabase::connect, schema, "first",
                Duration.ofMillis(200), leading -> changes.add("first " + leading))) {
            Http.await("first leads", Duration.ofSeconds(10), first::isLeader);
            try (LeaderElection second = new LeaderElection(TestDatabase::connect, schema, "second",
                    Duration.ofMillis(200), leading -> changes.add("second " + leading));
                 Connection transaction = TestDatabase.connect()) {
                Thread.sleep(1000);
                assertThat(second.isLeader()).isFalse();
                first.check(transaction); // the fence passes while the lock is held

                // The lock session dies (a network cut, an administrator): PostgreSQL frees the lock as the backend
                // exits, which pg_terminate_backend only asks for; the test waits for that moment.
                int pid;
                try (PreparedStatement kill = transaction.prepareStatement("SELECT pid, pg_terminate_backend(pid)"
                        + " FROM pg_locks WHERE locktype = 'advisory' AND objid = ?::oid AND objsubid = 2")) {
                    kill.setLong(1, schema.hashCode() & 0x7fffffff);
                    try (ResultSet rows = kill.executeQuery()) {
                        assertThat(rows.next()).isTrue();
                        pid = rows.getInt(1);
                    }
                }
                Http.await("the lock session gone", Duration.ofSeconds(5), () -> !backendAlive(transaction, pid));
                // Before the first replica has even noticed, nothing it commits can pass the fence.
                assertThatThrownBy(() -> first.check(transaction)).isInstanceOf(LostLeadershipException.class);
                // It notices at its next check and stops; then one of the two (whoever tries first) leads anew.
                Http.await("first stopped leading", Duration.ofSeconds(5), () -> changes.contains("first false"));
                Http.await("a new leader", Duration.ofSeconds(5), () -> first.isLeader() ^ second.isLeader());
                (first.isLeader() ? first : second).check(transaction);
                assertThat(changes).containsSubsequence("first true", "first false");
            }
        }
    }

    private static boolean backendAlive(Connection connection, int pid) {
        try (PreparedStatement alive = connection.prepareStatement("SELECT 1 FROM pg_stat_activity WHERE pid = ?")) {
            alive.setInt(1, pid);
            try (ResultSet rows = alive.executeQuery()) {
                return rows.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
