package dev.berth.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** Transactions and advisory locks against the real PostgreSQL, in a schema of this run. */
class DatabaseIT {
    private static final String SCHEMA = TestDatabase.schema("service_db_it_", "database");

    private static Database db;

    static final class Failed extends RuntimeException {
        Failed(String what, SQLException cause) {
            super(SqlFailure.describe(what, cause), cause);
        }
    }

    @BeforeAll
    static void schema() throws SQLException {
        try (Connection connection = TestDatabase.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE SCHEMA \"" + SCHEMA + "\"");
            statement.execute("CREATE TABLE \"" + SCHEMA + "\".things (name text PRIMARY KEY)");
        }
        PGSimpleDataSource dataSource = new PGSimpleDataSource() {
            @Override
            public Connection getConnection() throws SQLException {
                Connection connection = super.getConnection();
                connection.setSchema(SCHEMA);
                return connection;
            }
        };
        dataSource.setUrl(TestDatabase.url());
        dataSource.setUser(TestDatabase.user());
        dataSource.setPassword(TestDatabase.password());
        db = new Database(dataSource, Failed::new);
    }

    @Test
    void aTransactionThatReturnsIsCommitted() throws SQLException {
        db.transaction("insert", connection -> insert(connection, "kept"));

        assertThat(TestDatabase.queryLong(SCHEMA, "SELECT count(*) FROM things WHERE name = ?", "kept")).isEqualTo(1);
    }

    @Test
    void aTransactionThatThrowsIsRolledBackAndTheFailureTranslated() throws SQLException {
        assertThatThrownBy(() -> db.transaction("insert twice", connection -> {
            insert(connection, "twice");
            return insert(connection, "twice");
        })).isInstanceOf(Failed.class).hasMessageStartingWith("insert twice: ")
                .hasMessageEndingWith("(SQL state 23505)");

        assertThat(TestDatabase.queryLong(SCHEMA, "SELECT count(*) FROM things WHERE name = ?", "twice")).isZero();
    }

    @Test
    void aRuntimeExceptionRollsBackAndLeavesAsItIs() throws SQLException {
        IllegalStateException thrown = new IllegalStateException("changed its mind");
        assertThatThrownBy(() -> db.transaction("insert", connection -> {
            insert(connection, "undone");
            throw thrown;
        })).isSameAs(thrown);

        assertThat(TestDatabase.queryLong(SCHEMA, "SELECT count(*) FROM things WHERE name = ?", "undone")).isZero();
    }

    @Test
    void readsRunInAutocommit() {
        boolean autoCommit = db.read("read", Connection::getAutoCommit);
        assertThat(autoCommit).isTrue();
        assertThatThrownBy(() -> db.read("bad read", connection -> {
            try (Statement statement = connection.createStatement()) {
                return statement.executeQuery("SELECT * FROM nothing_here");
            }
        })).isInstanceOf(Failed.class).hasMessageStartingWith("bad read: ");
    }

    @Test
    void anExclusiveLockWaitsForSharedHoldersAndSharedHoldersDoNotWaitForEachOther() throws Exception {
        AdvisoryLock lock = new AdvisoryLock(SCHEMA.hashCode());
        try (Connection first = TestDatabase.connect(); Connection second = TestDatabase.connect();
             Connection third = TestDatabase.connect()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            third.setAutoCommit(false);
            lock.shared(first);
            lock.shared(second);

            CompletableFuture<Void> exclusive = CompletableFuture.runAsync(() -> {
                try {
                    lock.exclusive(third);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertThatThrownBy(() -> exclusive.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);

            first.commit();
            second.rollback();
            exclusive.get(10, TimeUnit.SECONDS);
            third.commit();
        }
    }

    private static int insert(Connection connection, String name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("INSERT INTO things (name) VALUES (?)")) {
            statement.setString(1, name);
            return statement.executeUpdate();
        }
    }
}
