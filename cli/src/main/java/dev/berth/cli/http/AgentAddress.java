package dev.berth.cli.http;

import dev.berth.cli.CliException;
import dev.berth.cli.config.ConfigFile;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import org.jspecify.annotations.Nullable;

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
        String given = given(flag, env, ConfigFile.of(env).read());
        return parse(given != null ? given : DEFAULT);
    }

    /** The address as the flag, the environment or the config file give it, not yet parsed; null if none does. */
    static @Nullable String given(@Nullable String flag, Map<String, String> env, ConfigFile.Settings config) {
        if (flag != null) {
            return flag;
        }
        String fromEnvironment = env.get(HOST_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment;
        }
        return config.host();
    }

    @Override
    public String toString() {
        return uri.toString();
    }
}
