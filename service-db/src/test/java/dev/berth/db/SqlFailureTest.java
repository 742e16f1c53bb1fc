package dev.berth.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class SqlFailureTest {

    @Test
    void connectionFailuresAreUnreachable() {
        assertThat(SqlFailure.unreachable(new SQLException("refused", "08001"))).isTrue();
        assertThat(SqlFailure.unreachable(new SQLException("lost", "08006"))).isTrue();
        assertThat(SqlFailure.unreachable(new SQLTransientConnectionException("no connection in time"))).isTrue();
        assertThat(SqlFailure.unreachable(new SQLException("wrapped", "XX000",
                new SQLException("lost", "08003")))).isTrue();
    }

    @Test
    void otherFailuresAreNot() {
        assertThat(SqlFailure.unreachable(new SQLException("duplicate", "23505"))).isFalse();
        assertThat(SqlFailure.unreachable(new SQLException("no state"))).isFalse();
    }

    @Test
    void theDescriptionKeepsTheSqlState() {
        assertThat(SqlFailure.describe("storing it", new SQLException("duplicate key", "23505")))
                .isEqualTo("storing it: duplicate key (SQL state 23505)");
    }
}
