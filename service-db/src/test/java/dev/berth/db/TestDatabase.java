package dev.berth.db;

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
 * The PostgreSQL that deploy/postgres.sh runs (role and database {@code berth}), reached the way the services reach
 * it: {@code BERTH_DB_URL} and {@code BERTH_DB_PASSWORD}, else the password file that script keeps. Without it the
 * tests fail and say how to get one; they never pass without a database. Each service's test run works in schemas of
 * its own, named with the service's prefix ({@code logs_it_}, {@code scheduler_it_}, ...): the left-overs of earlier
 * runs are dropped when the first is asked for, and those handed out by {@link #schema} when the run ends.
 */
public final class TestDatabase {
    private static final Path PASSWORD_FILE = Path.of(System.getenv().getOrDefault("BERTH_CONFIG_DIR", "/etc/berth"),
            "postgres.env");
    private static final Set<String> USED = ConcurrentHashMap.newKeySet();
    private static final Set<String> RESET = ConcurrentHashMap.newKeySet();
    private static boolean dropAtExit;

    private TestDatabase() {}

    public static String url() {
        return System.getenv().getOrDefault("BERTH_DB_URL", "jdbc:postgresql://127.0.0.1:5432/berth");
    }

    public static String user() {
        return System.getenv().getOrDefault("BERTH_DB_USER", "berth");
    }

    public static String password() {
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

    public static Connection connect() throws SQLException {
        try {
            return DriverManager.getConnection(url(), user(), password());
        } catch (SQLException e) {
            throw new SQLException("cannot reach PostgreSQL at " + url() + " as " + user() + " (" + e.getMessage()
                    + "); start it with deploy/test.sh or deploy/postgres.sh's ensure_postgres", e);
        }
    }

    /**
     * A schema for this run, {@code prefix + name}: the schemas of earlier runs that start with {@code prefix} are
     * dropped first (once per JVM and prefix), and every schema handed out is dropped when the JVM ends.
     */
    public static synchronized String schema(String prefix, String name) {
        try {
            resetOnce(prefix);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
        if (!dropAtExit) {
            Runtime.getRuntime().addShutdownHook(new Thread(TestDatabase::dropUsed, "drop-test-schemas"));
            dropAtExit = true;
        }
        String schema = prefix + name;
        USED.add(schema);
        return schema;
    }

    /** Drops the schemas whose names start with {@code prefix}, left by earlier runs: once per JVM and prefix. */
    public static synchronized void resetOnce(String prefix) throws SQLException {
        if (RESET.contains(prefix)) {
            return;
        }
        try (Connection connection = connect()) {
            List<String> schemas = new ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT schema_name FROM"
                    + " information_schema.schemata WHERE schema_name LIKE ?")) {
                query.setString(1, prefix.replace("\\", "\\\\").replace("_", "\\_").replace("%", "\\%") + "%");
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        schemas.add(rows.getString(1));
                    }
                }
            }
            try (Statement statement = connection.createStatement()) {
                for (String stale : schemas) {
                    statement.execute("DROP SCHEMA \"" + stale + "\" CASCADE");
                }
            }
        }
        RESET.add(prefix);
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

    /** The first column of the first row of a query in {@code schema}; 0 without a row. */
    public static long queryLong(String schema, String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect()) {
            connection.setSchema(schema);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, parameters);
                try (ResultSet rows = statement.executeQuery()) {
                    return rows.next() ? rows.getLong(1) : 0;
                }
            }
        }
    }

    /** The first column of every row of a query in {@code schema}. */
    public static List<String> queryStrings(String schema, String sql) throws SQLException {
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

    /** Runs an update in {@code schema}; the number of rows it changed. */
    public static int update(String schema, String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect()) {
            connection.setSchema(schema);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                bind(statement, parameters);
                return statement.executeUpdate();
            }
        }
    }

    private static void bind(PreparedStatement statement, Object... parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            statement.setObject(i + 1, parameters[i]);
        }
    }
}
