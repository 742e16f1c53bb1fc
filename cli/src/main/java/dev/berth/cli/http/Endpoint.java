package dev.berth.cli.http;

import dev.berth.cli.config.ConfigFile;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Where the CLI's requests go, and the API token they carry. The address is {@link AgentAddress}'s. The token is
 * {@code $BERTH_TOKEN}, else the one {@code berth login} stored in {@code ~/.berth/config.json}, which is presented
 * only to the host it was stored with. With a token the address is the api-gateway, and every service (the node agent,
 * the scheduler, log-service, the registry's search) is reached through it.
 *
 * @param token the API token, {@code berth_<id>_<secret>}, or null to go straight to the services as before
 */
public record Endpoint(AgentAddress address, @Nullable String token) {

    public static final String TOKEN_VARIABLE = "BERTH_TOKEN";
    /** Where the api-gateway listens as {@code deploy/up.sh} starts it. */
    public static final String GATEWAY_DEFAULT = "http://127.0.0.1:7750";

    /** A token with no host named anywhere goes to the gateway's default address, not to the agent's. */
    public static Endpoint resolve(@Nullable String flag, Map<String, String> env) {
        ConfigFile.Settings config = ConfigFile.of(env).read();
        String given = AgentAddress.given(flag, env, config);
        String fromEnvironment = env.get(TOKEN_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new Endpoint(AgentAddress.parse(given != null ? given : GATEWAY_DEFAULT), fromEnvironment.strip());
        }
        AgentAddress address = AgentAddress.parse(given != null ? given : AgentAddress.DEFAULT);
        boolean storedForThisHost = config.host() != null && AgentAddress.parse(config.host()).equals(address);
        return new Endpoint(address, storedForThisHost ? config.token() : null);
    }

    /** Whether requests go through the api-gateway, which the token is for. */
    public boolean viaGateway() {
        return token != null;
    }

    /** The address only: the token is a secret, and this text may end up in a message. */
    @Override
    public String toString() {
        return address.toString();
    }
}
