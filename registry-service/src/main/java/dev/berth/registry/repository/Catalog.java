package dev.berth.registry.repository;

import dev.berth.db.Database;
import dev.berth.registry.oci.RepositoryName;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Content discovery: repository names and tags in lexical (byte) order, {@code n} at a time after {@code last}, as
 * the spec's pagination has it. The columns are {@code COLLATE "C"}, so the database's order is the spec's.
 */
public final class Catalog {
    private final Database db;

    public Catalog(Database db) {
        this.db = db;
    }

    public Page<String> repositories(int n, @Nullable String last) {
        return db.autocommit("listing repositories", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT name FROM repositories WHERE name > ? ORDER BY name LIMIT ?")) {
                select.setString(1, last == null ? "" : last);
                select.setInt(2, n + 1);
                return page(select, n);
            }
        });
    }

    public Page<String> tags(RepositoryName repository, int n, @Nullable String last) {
        return db.autocommit("listing tags of " + repository, connection -> {
            OptionalLong id = RepositoryRows.find(connection, repository);
            if (id.isEmpty()) {
                throw new NameUnknownException(repository);
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT name FROM tags WHERE repository_id = ? AND name > ? ORDER BY name LIMIT ?")) {
                select.setLong(1, id.getAsLong());
                select.setString(2, last == null ? "" : last);
                select.setInt(3, n + 1);
                return page(select, n);
            }
        });
    }

    private static Page<String> page(PreparedStatement select, int n) throws java.sql.SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        boolean more = names.size() > n;
        return new Page<>(more ? names.subList(0, n) : names, more);
    }
}
