package dev.berth.logs.db;

import dev.berth.db.SqlFailure;
import dev.berth.logs.LogException;
import dev.berth.logs.Problem;
import java.sql.SQLException;

/**
 * PostgreSQL failed. When it could not be reached at all (no connection in time, a connection lost: SQL state class
 * 08) the answer is 503, which tells an agent to keep its bytes and send them again later.
 */
public final class DatabaseException extends LogException {
    public DatabaseException(String what, SQLException cause) {
        super(SqlFailure.unreachable(cause) ? Problem.DATABASE_UNAVAILABLE : Problem.INTERNAL,
                SqlFailure.describe(what, cause), cause);
    }
}
