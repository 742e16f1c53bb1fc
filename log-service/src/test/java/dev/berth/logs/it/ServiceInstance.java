package dev.berth.logs.it;

import dev.berth.db.TestDatabase;
import dev.berth.logs.LogServiceApplication;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A log-service started and stopped by the test itself, for tests that restart it: the same port and schema each
 * time, as a service restarted by deploy/up.sh would have.
 */
final class ServiceInstance implements AutoCloseable {
    final int port;
    private final ConfigurableApplicationContext context;

    private ServiceInstance(int port, ConfigurableApplicationContext context) {
        this.port = port;
        this.context = context;
    }

    static ServiceInstance start(int port, String schema, String databaseUrl, String... extra) {
        List<String> arguments = new ArrayList<>(List.of("--server.port=" + port, "--berth.logs.schema=" + schema,
                "--spring.datasource.url=" + databaseUrl, "--spring.datasource.username=" + TestDatabase.user(),
                "--spring.datasource.password=" + TestDatabase.password(), "--berth.logs.retention.interval=0s"));
        arguments.addAll(List.of(extra));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(LogServiceApplication.class)
                .run(arguments.toArray(String[]::new));
        return new ServiceInstance(port, context);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
