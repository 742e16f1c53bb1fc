package dev.berth.scheduler.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** Appends to the events table, in the caller's transaction: an event is recorded if and only if what it tells is. */
public final class Events {
    private Events() {}

    public static void record(Connection c, String kind, String subject, String message) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO events (kind, subject, message) VALUES (?, ?, ?)")) {
            s.setString(1, kind);
            s.setString(2, subject);
            s.setString(3, message.length() > 2000 ? message.substring(0, 2000) : message);
            s.executeUpdate();
        }
    }
}
