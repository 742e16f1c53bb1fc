package dev.berth.gateway.quota;

import dev.berth.db.Database;
import dev.berth.gateway.tenant.TenantName;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import org.jspecify.annotations.Nullable;

/** Quotas in the schema {@code gateway}: one row per tenant that has one, a null column unlimited. */
public final class QuotaStore implements Quotas {
    private final Database database;

    public QuotaStore(Database database) {
        this.database = database;
    }

    @Override
    public Quota of(TenantName tenant) {
        return database.read("read the quota of " + tenant, connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT cpu_milli, memory_bytes,"
                    + " containers, image_storage_bytes FROM quotas WHERE tenant = ?")) {
                statement.setString(1, tenant.value());
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? new Quota(value(rows, 1), value(rows, 2), value(rows, 3), value(rows, 4))
                            : Quota.UNLIMITED;
                }
            }
        });
    }

    /** Replaces the tenant's quota, which must exist as a tenant. */
    public void put(TenantName tenant, Quota quota) {
        database.autocommit("set the quota of " + tenant, connection -> {
            try (PreparedStatement statement = connection.prepareStatement("INSERT INTO quotas (tenant, cpu_milli,"
                    + " memory_bytes, containers, image_storage_bytes) VALUES (?, ?, ?, ?, ?) ON CONFLICT (tenant)"
                    + " DO UPDATE SET cpu_milli = excluded.cpu_milli, memory_bytes = excluded.memory_bytes,"
                    + " containers = excluded.containers, image_storage_bytes = excluded.image_storage_bytes,"
                    + " updated = now()")) {
                statement.setString(1, tenant.value());
                set(statement, 2, quota.cpuMilli());
                set(statement, 3, quota.memoryBytes());
                set(statement, 4, quota.containers());
                set(statement, 5, quota.imageStorageBytes());
                return statement.executeUpdate();
            }
        });
    }

    private static @Nullable Long value(ResultSet rows, int column) throws SQLException {
        long value = rows.getLong(column);
        return rows.wasNull() ? null : value;
    }

    private static void set(PreparedStatement statement, int index, @Nullable Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }
}
