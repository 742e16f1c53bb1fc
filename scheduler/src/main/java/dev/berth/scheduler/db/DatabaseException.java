package dev.berth.scheduler.db;

import dev.berth.db.SqlFailure;
import dev.berth.scheduler.Problem;
import dev.berth.scheduler.SchedulerException;
import java.sql.SQLException;

/** PostgreSQL failed. When it could not be reached at all (SQL state class 08, no connection in time) the answer is 503. */
public final class DatabaseException extends SchedulerException {
    public DatabaseException(String what, SQLException cause) {
        super(SqlFailure.unreachable(cause) ? Problem.DATABASE_UNAVAILABLE : Problem.INTERNAL,
                SqlFailure.describe(what, cause), cause);
    }
}
