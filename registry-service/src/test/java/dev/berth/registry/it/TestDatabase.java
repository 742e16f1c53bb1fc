package dev.berth.registry.it;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The PostgreSQL that deploy/postgres.sh runs (role and database {@code berth}), reached the way the service reaches
 * it: {@code BERTH_DB_URL} and {@code BERTH_DB_PASSWORD}, else the password file that script keeps. Without it the
 * tests fail and say how to get one; they never pass without a database.
 */
final class TestDatabase {
    private static final Path PASSWORD_FILE = Path.of(System.getenv().getOrDefault("BERTH_CONFIG_DIR", "/etc/berth"),
            "postgres.env");
    private static boolean reset;

    private TestDatabase() {}

    static String url() {
        return System.getenv().getOrDefault("BERTH_DB_URL", "jdbc:postgresql://127.0.0.1:5432/berth");
    }

    static String user() {
        return System.getenv().getOrDefault("BERTH_DB_USER", "berth");
    }

    static String password() {
        String fromEnvironment = System.getenv("BERTH_DB_PASSWORD");
        if (fromEnvironment != null && !fromEnvironment.isEmpty()) {
            return fromEnvironment;
        }
        try {
            for (String line : Files.readAllLines(PASSWORD_FILE)) {
                if (line.startsWith("BERTH_DB_PASSWORD=")) {
                    return line.substring("BERTH_DB_PASSWORD=".length()).trim();
                }
            }
        } catch (IOException e) {
            // told below
        }
        return fail("no database password: set BERTH_DB_PASSWORD, or start PostgreSQL with deploy/test.sh (or, as"
                + " root: . deploy/lib.sh && . deploy/postgres.sh && ensure_postgres), which writes " + PASSWORD_FILE);
    }

    static Connection connect() throws SQLException {
        try {
            return DriverManager.getConnection(url(), user(), password());
        } catch (SQLException e) {
            throw new SQLException("cannot reach PostgreSQL at " + url() + " as " + user() + " (" + e.getMessage()
                    + "); start it with deploy/test.sh or deploy/postgres.sh's ensure_postgres", e);
        }
    }

    /** Drops the schemas of earlier test runs, once per JVM, before the first registry of this run starts. */
    static synchronized void resetOnce() throws SQLException {
        if (reset) {
            return;
        }
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            List<String> schemas = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT schema_name FROM information_schema.schemata"
                    + " WHERE schema_name LIKE 'registry\\_it%'")) {
                while (rows.next()) {
                    schemas.add(rows.getString(1));
                }
            }
            for (String schema : schemas) {
                statement.execute("DROP SCHEMA \"" + schema + "\" CASCADE");
            }
        }
        reset = true;
    }

    /** The first column of the first row of a query in {@code schema}. */
    static long queryLong(String schema, String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect()) {
            connection.setSchema(schema);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : 0;
                }
            }
        }
    }

    static int update(String schema, String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect()) {
            connection.setSchema(schema);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    statement.setObject(i + 1, parameters[i]);
                }
                return statement.executeUpdate();
            }
        }
    }
}
