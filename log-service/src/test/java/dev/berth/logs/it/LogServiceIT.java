package dev.berth.logs.it;

import dev.berth.db.TestDatabase;
import dev.berth.logs.LogServiceApplication;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real log-service in this JVM on a random loopback port, over the real PostgreSQL in a schema of this run; tests
 * talk to it over HTTP and look at its tables. Each test uses containers of its own names, so they share one service.
 */
@SpringBootTest(classes = LogServiceApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"berth.logs.retention.interval=0s", "berth.logs.chunk-size=64KB"})
public abstract class LogServiceIT {
    @LocalServerPort
    int port;

    @Value("${berth.logs.schema}")
    String schema;

    LogClient client;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry properties) {
        properties.add("spring.datasource.url", TestDatabase::url);
        properties.add("spring.datasource.username", TestDatabase::user);
        properties.add("spring.datasource.password", TestDatabase::password);
        properties.add("berth.logs.schema", () -> TestDatabase.schema("logs_it_", "main"));
    }

    @BeforeEach
    void connect() {
        client = new LogClient(port);
    }

    long count(String sql, Object... parameters) throws java.sql.SQLException {
        return TestDatabase.queryLong(schema, sql, parameters);
    }
}
