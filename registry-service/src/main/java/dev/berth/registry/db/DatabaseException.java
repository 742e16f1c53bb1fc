package dev.berth.registry.db;

import dev.berth.db.SqlFailure;
import dev.berth.registry.ErrorCode;
import dev.berth.registry.RegistryException;
import java.sql.SQLException;

/** PostgreSQL failed or could not be reached; the message keeps its SQL state. */
public final class DatabaseException extends RegistryException {
    public DatabaseException(String what, SQLException cause) {
        super(ErrorCode.INTERNAL, SqlFailure.describe(what, cause), cause);
    }
}
