package dev.berth.db;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * Turns a failed piece of SQL work into the service's own exception, and what every service says about one. Each
 * service keeps its own {@code DatabaseException}, a kind of its own exception type, so that its web edge answers it
 * as it answers the rest.
 */
@FunctionalInterface
public interface SqlFailure {
    /** @param what what was being done, for the message */
    RuntimeException of(String what, SQLException cause);

    /** {@code what}, the driver's message and the SQL state. */
    static String describe(String what, SQLException cause) {
        return what + ": " + cause.getMessage() + " (SQL state " + cause.getSQLState() + ")";
    }

    /** PostgreSQL could not be reached at all: no connection in time, or a connection lost (SQL state class 08). */
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
