package dev.berth.gateway.it;

import dev.berth.db.TestDatabase;
import dev.berth.gateway.GatewayApplication;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The gateway in this JVM, on a free loopback port, over a schema of its own, with the stand-in {@link Upstream}
 * behind every route and its bootstrap admin token written to a temporary directory.
 */
final class GatewayInstance implements AutoCloseable {
    /** This module's test schemas: those of an earlier run are dropped when the first is handed out. */
    static final String SCHEMA_PREFIX = "gateway_it_";

    private final ConfigurableApplicationContext context;
    final Path tokenFile;
    final String schema;

    GatewayInstance(String name, Upstream upstream, String... settings) throws IOException {
        schema = TestDatabase.schema(SCHEMA_PREFIX, name);
        tokenFile = Files.createTempDirectory("gateway-it").resolve("admin-token");
        List<String> args = new ArrayList<>(List.of(
                "--server.port=0",
                "--berth.gateway.schema=" + schema,
                "--spring.datasource.url=" + TestDatabase.url(),
                "--spring.datasource.username=" + TestDatabase.user(),
                "--spring.datasource.password=" + TestDatabase.password(),
                "--berth.gateway.bootstrap-token-file=" + tokenFile,
                "--berth.gateway.upstreams.scheduler=" + upstream.url(),
                "--berth.gateway.upstreams.logs=" + upstream.url(),
                "--berth.gateway.upstreams.registry=" + upstream.url(),
                "--berth.gateway.upstreams.agent=" + upstream.url()));
        for (String setting : settings) {
            // A setting given twice would bind as a list of both; the test's own replaces the default.
            String key = setting.substring(0, setting.indexOf('=') + 1);
            args.removeIf(arg -> arg.startsWith(key));
            args.add(setting);
        }
        context = new SpringApplicationBuilder(GatewayApplication.class).run(args.toArray(String[]::new));
    }

    int port() {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port", "0"));
    }

    String url() {
        return "http://127.0.0.1:" + port();
    }

    /** The gateway's own bean of {@code type}, for what a test drives rather than waits for (a timer's sweep). */
    <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    String adminToken() throws IOException {
        return Files.readString(tokenFile, StandardCharsets.UTF_8).trim();
    }

    @Override
    public void close() {
        context.close();
    }
}
