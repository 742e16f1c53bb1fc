package dev.berth.gateway.db;

import dev.berth.db.SqlFailure;
import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import java.sql.SQLException;

/**
 * PostgreSQL failed. When it could not be reached at all (no connection in time, a connection lost: SQL state class
 * 08) the answer is 503.
 */
public final class DatabaseException extends GatewayException {
    public DatabaseException(String what, SQLException cause) {
        super(SqlFailure.unreachable(cause) ? Problem.DATABASE_UNAVAILABLE : Problem.INTERNAL,
                SqlFailure.describe(what, cause), cause);
    }
}
