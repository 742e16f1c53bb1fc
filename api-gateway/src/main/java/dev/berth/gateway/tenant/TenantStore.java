package dev.berth.gateway.tenant;

import dev.berth.gateway.GatewayException;
import dev.berth.gateway.Problem;
import dev.berth.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** Tenants and their principals in the schema {@code gateway}. */
public final class TenantStore {
    private final Database database;

    public TenantStore(Database database) {
        this.database = database;
    }

    /** Creates a tenant; one that exists already is a conflict. */
    public Tenant create(TenantName name) {
        return database.transaction("create tenant " + name, connection -> {
            if (find(connection, name).isPresent()) {
                throw new GatewayException(Problem.ALREADY_EXISTS, "tenant " + name + " exists already");
            }
            return insert(connection, name);
        });
    }

    /** The tenant, created if it is missing (the platform tenant at bootstrap). */
    public Tenant ensure(TenantName name) {
        return database.transaction("ensure tenant " + name, connection -> {
            Optional<Tenant> found = find(connection, name);
            return found.isPresent() ? found.get() : insert(connection, name);
        });
    }

    public Optional<Tenant> find(TenantName name) {
        return database.read("read tenant " + name, connection -> find(connection, name));
    }

    /** Up to {@code limit} tenants in name order, after {@code after} when it is given. */
    public List<Tenant> list(@Nullable String after, int limit) {
        return database.read("list tenants", connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT name, created FROM tenants WHERE name > ? ORDER BY name LIMIT ?")) {
                statement.setString(1, after == null ? "" : after);
                statement.setInt(2, limit);
                List<Tenant> tenants = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        tenants.add(new Tenant(new TenantName(rows.getString(1)), rows.getTimestamp(2).toInstant()));
                    }
                }
                return tenants;
            }
        });
    }

    /** The principal's id, created within the tenant if it is missing. */
    public static long ensurePrincipal(Connection connection, TenantName tenant, String name, PrincipalKind kind)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT id, kind FROM principals WHERE tenant = ? AND name = ?")) {
            statement.setString(1, tenant.value());
            statement.setString(2, name);
            try (ResultSet rows = statement.executeQuery()) {
                if (rows.next()) {
                    if (!rows.getString(2).equals(kind.wire())) {
                        throw new GatewayException(Problem.ALREADY_EXISTS, "principal " + name + " of tenant "
                                + tenant + " is a " + rows.getString(2) + ", not a " + kind.wire());
                    }
                    return rows.getLong(1);
                }
            }
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO principals (tenant, name, kind) VALUES (?, ?, ?) RETURNING id")) {
            statement.setString(1, tenant.value());
            statement.setString(2, name);
            statement.setString(3, kind.wire());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Optional<Tenant> find(Connection connection, TenantName name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT created FROM tenants WHERE name = ?")) {
            statement.setString(1, name.value());
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? Optional.of(new Tenant(name, rows.getTimestamp(1).toInstant()))
                        : Optional.empty();
            }
        }
    }

    private static Tenant insert(Connection connection, TenantName name) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "INSERT INTO tenants (name) VALUES (?) RETURNING created")) {
            statement.setString(1, name.value());
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return new Tenant(name, rows.getTimestamp(1).toInstant());
            }
        }
    }
}
