package dev.berth.gateway.it;

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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The PostgreSQL that deploy/postgres.sh runs (role and database {@code berth}), reached the way the service reaches
 * it: {@code BERTH_DB_URL} and {@code BERTH_DB_PASSWORD}, else the password file that script keeps. Without it the
 * tests fail and say how to get one; they never pass without a database. Each test run works in schemas of its own
 * ({@code gateway_it_*}), dropped when the run ends (and, should a run have died, when the next one starts).
 */
final class TestDatabase {
    private static final Path PASSWORD_FILE = Path.of(System.getenv().getOrDefault("BERTH_CONFIG_DIR", "/etc/berth"),
            "postgres.env");
    private static final Set<String> USED = ConcurrentHashMap.newKeySet();
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

    /**
     * A schema for this run: left-overs of earlier runs are dropped first (once per JVM), and every schema handed out
     * is dropped when the JVM ends.
     */
    static synchronized String schema(String name) {
        String schema = "gateway_it_" + name;
        if (!reset) {
            try (Connection connection = connect(); Statement statement = connection.createStatement()) {
                List<String> schemas = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery("SELECT schema_name FROM information_schema.schemata"
                        + " WHERE schema_name LIKE 'gateway\\_it\\_%'")) {
                    while (rows.next()) {
                        schemas.add(rows.getString(1));
                    }
                }
                for (String stale : schemas) {
                    statement.execute("DROP SCHEMA \"" + stale + "\" CASCADE");
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e.getMessage(), e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::dropUsed, "drop-test-schemas"));
            reset = true;
        }
        USED.add(schema);
        return schema;
    }

    private static void dropUsed() {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            for (String schema : USED) {
                statement.execute("DROP SCHEMA IF EXISTS \"" + schema + "\" CASCADE");
            }
        } catch (SQLException e) {
            System.err.println("could not drop the test schemas " + USED + ": " + e.getMessage());
        }
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

    static List<String> queryStrings(String schema, String sql) throws SQLException {
        try (Connection connection = connect()) {
            connection.setSchema(schema);
            try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                List<String> values = new ArrayList<>();
                while (rows.next()) {
                    values.add(rows.getString(1));
                }
                return values;
            }
        }
    }

    /** Runs one statement in {@code schema}. */
    static void execute(String schema, String sql) throws SQLException {
        try (Connection connection = connect()) {
            connection.setSchema(schema);
            try (Statement statement = connection.createStatement()) {
                statement.execute(sql);
            }
        }
    }
}
