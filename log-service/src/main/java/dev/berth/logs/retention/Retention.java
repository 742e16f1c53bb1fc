package dev.berth.logs.retention;

import dev.berth.db.Database;
import dev.berth.logs.metrics.LogMetrics;
import dev.berth.logs.store.Days;
import dev.berth.logs.store.Partitions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes logs older than their tenant's retention. Partitions are shared by all tenants, so a day's partition is
 * dropped whole (cheap: no row is visited, no vacuum follows) once the longest retention has passed it; a tenant
 * that keeps less has its older chunks deleted row by row from the partitions still kept. A chunk goes once its last
 * byte is older than the retention.
 */
public final class Retention {
    private static final Logger log = LoggerFactory.getLogger(Retention.class);

    private final Database db;
    private final Partitions partitions;
    private final LogMetrics metrics;
    private final int defaultDays;
    private final int daysAhead;

    public Retention(Database db, Partitions partitions, LogMetrics metrics, int defaultDays, int daysAhead) {
        this.db = db;
        this.partitions = partitions;
        this.metrics = metrics;
        this.defaultDays = defaultDays;
        this.daysAhead = daysAhead;
    }

    public synchronized RetentionReport run() {
        partitions.ensureAhead(daysAhead);
        Map<String, Integer> tenants = db.read("read tenant retention", connection -> {
            Map<String, Integer> days = new HashMap<>();
            try (Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT tenant, days FROM tenant_retention")) {
                while (rows.next()) {
                    days.put(rows.getString(1), rows.getInt(2));
                }
            }
            return days;
        });
        int longest = defaultDays;
        for (int days : tenants.values()) {
            longest = Math.max(longest, days);
        }
        long now = System.currentTimeMillis() * 1_000_000L;
        long partitionCutoff = now - longest * Days.NANOS_PER_DAY;
        List<String> dropped = new ArrayList<>();
        int kept = 0;
        for (LocalDate day : partitions.list()) {
            if (Days.startNanos(day.plusDays(1)) <= partitionCutoff) {
                partitions.drop(day);
                dropped.add(Days.partitionName(day));
            } else {
                kept++;
            }
        }
        long deleted = 0;
        for (Map.Entry<String, Integer> tenant : tenants.entrySet()) {
            if (tenant.getValue() < longest) {
                deleted += delete(tenant.getKey(), now - tenant.getValue() * Days.NANOS_PER_DAY);
            }
        }
        if (defaultDays < longest) {
            deleted += delete(null, now - defaultDays * Days.NANOS_PER_DAY);
        }
        metrics.partitionsDropped(dropped.size());
        if (!dropped.isEmpty() || deleted > 0) {
            log.info("retention dropped partitions {} and {} chunks of tenants that keep less than {} days", dropped,
                    deleted, longest);
        }
        return new RetentionReport(dropped, deleted, kept);
    }

    /** Sets how many days a tenant's logs are kept; the next run applies it. */
    public void setTenantDays(String tenant, int days) {
        if (days < 1 || days > 3650) {
            throw new IllegalArgumentException("retention of " + days + " days: between 1 and 3650");
        }
        db.transaction("set the retention of " + tenant, connection -> {
            try (PreparedStatement upsert = connection.prepareStatement("INSERT INTO tenant_retention (tenant, days)"
                    + " VALUES (?, ?) ON CONFLICT (tenant) DO UPDATE SET days = excluded.days")) {
                upsert.setString(1, tenant);
                upsert.setInt(2, days);
                upsert.executeUpdate();
            }
            return null;
        });
    }

    /** Deletes the chunks, older than {@code cutoffNs}, of {@code tenant}, or of every tenant without a row. */
    private long delete(@org.jspecify.annotations.Nullable String tenant, long cutoffNs) {
        String which = tenant != null ? "tenant = ?" : "tenant NOT IN (SELECT tenant FROM tenant_retention)";
        return db.transaction("delete expired chunks", connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM chunks WHERE " + which
                    + " AND last_ns < ?")) {
                int parameter = 1;
                if (tenant != null) {
                    delete.setString(parameter++, tenant);
                }
                delete.setLong(parameter, cutoffNs);
                return (long) delete.executeUpdate();
            }
        });
    }
}
