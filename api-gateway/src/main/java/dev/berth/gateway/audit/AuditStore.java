package dev.berth.gateway.audit;

import dev.berth.db.Database;
import dev.berth.gateway.tenant.TenantName;
import dev.berth.gateway.token.TokenId;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The audit log in the schema {@code gateway}, in the order it was written. */
public final class AuditStore {
    private static final int DELETE_BATCH = 10_000;

    private final Database database;

    public AuditStore(Database database) {
        this.database = database;
    }

    /** Appends the entries in one transaction. */
    public void append(List<AuditEntry> entries) {
        database.transaction("write " + entries.size() + " audit entries", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("INSERT INTO audit (at, tenant, principal,"
                    + " token, method, path, target, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (AuditEntry entry : entries) {
                    statement.setTimestamp(1, Timestamp.from(entry.at()));
                    statement.setString(2, entry.tenant().value());
                    statement.setString(3, entry.principal());
                    statement.setString(4, entry.token().value());
                    statement.setString(5, entry.method());
                    statement.setString(6, entry.path());
                    statement.setString(7, entry.target().value());
                    if (entry.status() == null) {
                        statement.setNull(8, Types.INTEGER);
                    } else {
                        statement.setInt(8, entry.status());
                    }
                    statement.addBatch();
                }
                return statement.executeBatch();
            }
        });
    }

    /** Deletes the entries written before {@code cutoff}, a batch at a time; how many went. */
    public int deleteBefore(Instant cutoff) {
        int deleted = 0;
        while (true) {
            int batch = database.transaction("delete audit entries before " + cutoff, connection -> {
                try (PreparedStatement statement = connection.prepareStatement("DELETE FROM audit WHERE id IN"
                        + " (SELECT id FROM audit WHERE at < ? ORDER BY id LIMIT " + DELETE_BATCH + ")")) {
                    statement.setTimestamp(1, Timestamp.from(cutoff));
                    return statement.executeUpdate();
                }
            });
            deleted += batch;
            if (batch < DELETE_BATCH) {
                return deleted;
            }
        }
    }

    /** Up to {@code limit} entries after the id {@code after}, of the target tenant {@code target} or of all. */
    public List<AuditEntry> list(@Nullable TenantName target, long after, int limit) {
        return database.read("list the audit log", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT id, at, tenant, principal, token,"
                    + " method, path, target, status FROM audit WHERE id > ? AND (?::text IS NULL OR target = ?)"
                    + " ORDER BY id LIMIT ?")) {
                statement.setLong(1, after);
                statement.setString(2, target == null ? null : target.value());
                statement.setString(3, target == null ? null : target.value());
                statement.setInt(4, limit);
                List<AuditEntry> entries = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        int status = rows.getInt(9);
                        entries.add(new AuditEntry(rows.getLong(1), rows.getTimestamp(2).toInstant(),
                                new TenantName(rows.getString(3)), rows.getString(4), new TokenId(rows.getString(5)),
                                rows.getString(6), rows.getString(7), new TenantName(rows.getString(8)),
                                rows.wasNull() ? null : status));
                    }
                }
                return entries;
            }
        });
    }
}
