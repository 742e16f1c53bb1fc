package dev.berth.gateway.db;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * PostgreSQL failed. When it could not be reached at all (no connection in time, a connection lost: SQL state class
 * 08) the answer is 503.
 */
public final class DatabaseException extends GatewayException {
    public DatabaseException(String what, SQLException cause) {
        super(unreachable(cause) ? Problem.DATABASE_UNAVAILABLE : Problem.INTERNAL,
                what + ": " + cause.getMessage() + " (SQL state " + cause.getSQLState() + ")", cause);
    }

    static boolean unreachable(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return true;
            }
        }
        return false;
    }
}
