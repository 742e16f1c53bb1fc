package dev.berth.logs.store;

import dev.berth.db.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The day partitions of {@code chunks}. Creating one locks the parent table, so it is done outside ingestion's
 * transactions, ahead of time for the coming days and on demand for the odd late or early arrival, and remembered.
 */
public final class Partitions {
    private final Database db;
    private final Set<LocalDate> known = ConcurrentHashMap.newKeySet();

    public Partitions(Database db) {
        this.db = db;
    }

    /** Makes sure every day in {@code days} has its partition. */
    public void ensure(Iterable<LocalDate> days) {
        for (LocalDate day : days) {
            if (!known.contains(day)) {
                create(day);
            }
        }
    }

    public void ensureAhead(int daysAhead) {
        LocalDate today = Days.today();
        List<LocalDate> days = new ArrayList<>();
        for (int i = -1; i <= daysAhead; i++) {
            days.add(today.plusDays(i));
        }
        ensure(days);
    }

    private synchronized void create(LocalDate day) {
        if (known.contains(day)) {
            return;
        }
        db.transaction("create partition " + Days.partitionName(day), connection -> {
            try (Statement statement = connection.createStatement()) {
                // Services sharing a schema (a restart overlapping its predecessor) take turns.
                statement.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.chunks'))");
                statement.execute("CREATE TABLE IF NOT EXISTS " + Days.partitionName(day) + " PARTITION OF chunks"
                        + " FOR VALUES FROM (" + Days.startNanos(day) + ") TO (" + Days.startNanos(day.plusDays(1))
                        + ")");
            }
            return null;
        });
        known.add(day);
    }

    /** The days that have a partition, oldest first. */
    public List<LocalDate> list() {
        return db.read("list partitions", Partitions::list);
    }

    static List<LocalDate> list(Connection connection) throws SQLException {
        List<LocalDate> days = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT c.relname FROM pg_inherits i"
                     + " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'chunks'::regclass"
                     + " ORDER BY c.relname")) {
            while (rows.next()) {
                LocalDate day = Days.parsePartition(rows.getString(1));
                if (day != null) {
                    days.add(day);
                }
            }
        }
        return days;
    }

    /** Drops the partition of {@code day} and all it holds. */
    public void drop(LocalDate day) {
        known.remove(day);
        db.transaction("drop partition " + Days.partitionName(day), connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(hashtext(current_schema() || '.chunks'))");
                statement.execute("DROP TABLE IF EXISTS " + Days.partitionName(day));
            }
            return null;
        });
    }
}
