package dev.berth.gateway.token;

import dev.berth.db.Database;
import dev.berth.gateway.tenant.PrincipalKind;
import dev.berth.gateway.tenant.TenantName;
import dev.berth.gateway.tenant.TenantStore;
import java.security.SecureRandom;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** API tokens in the schema {@code gateway}: issued, looked up by id, listed, revoked. */
public final class TokenStore {
    private static final String COLUMNS = "t.id, p.tenant, p.name, p.kind, t.scopes, t.description, t.created,"
            + " t.expires, t.revoked, t.last_used, t.secret_sha256";
    private static final String FROM = " FROM tokens t JOIN principals p ON p.id = t.principal";

    private final Database database;
    private final SecureRandom random = new SecureRandom();

    public TokenStore(Database database) {
        this.database = database;
    }

    /** A stored token and the hash of its secret, for authentication. */
    public record Stored(TokenRecord token, byte[] secretHash) {}

    /** Issues a token; the principal is created in the tenant when it is new. The tenant must exist. */
    public IssuedToken issue(TokenRequest request) {
        ApiToken token = ApiToken.generate(random);
        return database.transaction("issue a token for " + request.principal() + " of " + request.tenant(),
                connection -> {
                    long principal = TenantStore.ensurePrincipal(connection, request.tenant(), request.principal(),
                            request.kind());
                    try (PreparedStatement statement = connection.prepareStatement(
                            "INSERT INTO tokens (id, principal, scopes, secret_sha256, description, expires)"
                                    + " VALUES (?, ?, ?, ?, ?, ?) RETURNING created")) {
                        statement.setString(1, token.id().value());
                        statement.setLong(2, principal);
                        statement.setArray(3, connection.createArrayOf("text",
                                request.scopes().stream().sorted().map(Scope::wire).toArray()));
                        statement.setBytes(4, token.secretHash());
                        statement.setString(5, request.description());
                        statement.setTimestamp(6, request.expires() == null ? null
                                : Timestamp.from(request.expires()));
                        try (ResultSet rows = statement.executeQuery()) {
                            rows.next();
                            Instant created = rows.getTimestamp(1).toInstant();
                            return new IssuedToken(token, new TokenRecord(token.id(), request.tenant(),
                                    request.principal(), request.kind(), request.scopes(), request.description(),
                                    created, request.expires(), null, null));
                        }
                    }
                });
    }

    public Optional<Stored> find(TokenId id) {
        return database.read("read token " + id, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "SELECT " + COLUMNS + FROM + " WHERE t.id = ?")) {
                statement.setString(1, id.value());
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? Optional.of(new Stored(record(rows), rows.getBytes(11)))
                            : Optional.empty();
                }
            }
        });
    }

    /** Up to {@code limit} tokens in id order after {@code after}, of one tenant or, without one, of all. */
    public List<TokenRecord> list(@Nullable TenantName tenant, @Nullable String after, int limit) {
        return database.read("list tokens", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT " + COLUMNS + FROM
                    + " WHERE t.id > ? AND (?::text IS NULL OR p.tenant = ?) ORDER BY t.id LIMIT ?")) {
                statement.setString(1, after == null ? "" : after);
                statement.setString(2, tenant == null ? null : tenant.value());
                statement.setString(3, tenant == null ? null : tenant.value());
                statement.setInt(4, limit);
                List<TokenRecord> tokens = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        tokens.add(record(rows));
                    }
                }
                return tokens;
            }
        });
    }

    /** Revokes a token; revoking it again keeps the first time. Whether the token exists. */
    public boolean revoke(TokenId id) {
        return database.transaction("revoke token " + id, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE tokens SET revoked = coalesce(revoked, now()) WHERE id = ?")) {
                statement.setString(1, id.value());
                return statement.executeUpdate() == 1;
            }
        });
    }

    /** Records that a token was used at {@code when}. */
    public void touch(TokenId id, Instant when) {
        database.transaction("record the use of token " + id, connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "UPDATE tokens SET last_used = greatest(last_used, ?) WHERE id = ?")) {
                statement.setTimestamp(1, Timestamp.from(when));
                statement.setString(2, id.value());
                return statement.executeUpdate();
            }
        });
    }

    /** Whether a valid token with the admin scope exists in the platform tenant. */
    public boolean platformAdminExists(Instant now) {
        return database.read("look for a platform admin token", connection -> {
            try (PreparedStatement statement = connection.prepareStatement("SELECT 1" + FROM
                    + " WHERE p.tenant = ? AND 'admin' = ANY (t.scopes) AND t.revoked IS NULL"
                    + " AND (t.expires IS NULL OR t.expires > ?) LIMIT 1")) {
                statement.setString(1, TenantName.PLATFORM.value());
                statement.setTimestamp(2, Timestamp.from(now));
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next();
                }
            }
        });
    }

    private static TokenRecord record(ResultSet rows) throws SQLException {
        Array scopes = rows.getArray(5);
        return new TokenRecord(new TokenId(rows.getString(1)), new TenantName(rows.getString(2)), rows.getString(3),
                PrincipalKind.fromWire(rows.getString(4)),
                Scope.fromWire(Arrays.asList((String[]) scopes.getArray())), rows.getString(6),
                rows.getTimestamp(7).toInstant(), instant(rows.getTimestamp(8)), instant(rows.getTimestamp(9)),
                instant(rows.getTimestamp(10)));
    }

    private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
