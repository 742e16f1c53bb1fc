package dev.berth.scheduler.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a connection of its own, outside the pool, for a session that must outlive any one transaction. */
@FunctionalInterface
public interface ConnectionFactory {
    Connection open() throws SQLException;
}
