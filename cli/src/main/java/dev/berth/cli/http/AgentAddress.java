package dev.berth.cli.http;

import dev.berth.cli.CliException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;

/**
 * Where the node agent listens. It is looked up in this order: the {@code -H} flag, {@code $BERTH_HOST},
 * {@code ~/.berth/config.json} ({@code {"host": "http://..."}}), then the agent's default, loopback port 7700.
 *
 * @param uri an {@code http} or {@code https} URI without a trailing slash
 */
public record AgentAddress(URI uri) {

    public static final String DEFAULT = "http://127.0.0.1:7700";
    public static final String HOST_VARIABLE = "BERTH_HOST";

    public AgentAddress {
        String scheme = uri.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getHost() == null) {
            throw new CliException("not an agent address: '" + uri + "' (expected http://HOST:PORT)");
        }
    }

    /**
     * Accepts what a user would type: {@code http://host:7700}, {@code host:7700}, or Docker's {@code tcp://host:7700}.
     */
    public static AgentAddress parse(String text) {
        String address = text.strip();
        if (address.startsWith("tcp://")) {
            address = "http://" + address.substring("tcp://".length());
        } else if (!address.contains("://")) {
            address = "http://" + address;
        }
        while (address.endsWith("/")) {
            address = address.substring(0, address.length() - 1);
        }
        try {
            return new AgentAddress(new URI(address));
        } catch (URISyntaxException e) {
            throw new CliException("not an agent address: '" + text + "' (" + e.getReason() + ")");
        }
    }

    public static AgentAddress resolve(@Nullable String flag, Map<String, String> env) {
        if (flag != null) {
            return parse(flag);
        }
        String fromEnvironment = env.get(HOST_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return parse(fromEnvironment);
        }
        String fromConfig = configuredHost(configFile(env));
        return parse(fromConfig != null ? fromConfig : DEFAULT);
    }

    /** {@code ~/.berth/config.json}, with {@code ~} from {@code $HOME} so that it can be pointed elsewhere. */
    public static Path configFile(Map<String, String> env) {
        String home = env.getOrDefault("HOME", System.getProperty("user.home"));
        return Path.of(home, ".berth", "config.json");
    }

    private static @Nullable String configuredHost(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            JsonNode host = Json.mapper().readTree(file.toFile()).get("host");
            return host != null && host.isString() && !host.asString().isBlank() ? host.asString() : null;
        } catch (JacksonException e) {
            throw new CliException(file + ": not valid JSON: " + e.getOriginalMessage());
        }
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
