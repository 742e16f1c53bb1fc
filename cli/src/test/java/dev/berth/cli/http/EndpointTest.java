package dev.berth.cli.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.config.ConfigFile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointTest {

    @TempDir
    Path home;

    private Map<String, String> env(String... pairs) {
        Map<String, String> env = new HashMap<>(Map.of("HOME", home.toString()));
        for (int i = 0; i < pairs.length; i += 2) {
            env.put(pairs[i], pairs[i + 1]);
        }
        return env;
    }

    @Test
    void withoutATokenItIsTheAgentAsBefore() {
        Endpoint endpoint = Endpoint.resolve(null, env());

        assertThat(endpoint.address()).hasToString(AgentAddress.DEFAULT);
        assertThat(endpoint.token()).isNull();
        assertThat(endpoint.viaGateway()).isFalse();
    }

    @Test
    void theStoredLoginIsTheHostAndTheToken() {
        ConfigFile.of(env()).login("http://gateway:7750", "berth_1_stored");

        Endpoint endpoint = Endpoint.resolve(null, env());

        assertThat(endpoint.address()).hasToString("http://gateway:7750");
        assertThat(endpoint.token()).isEqualTo("berth_1_stored");
        assertThat(endpoint.viaGateway()).isTrue();
        assertThat(endpoint).hasToString("http://gateway:7750");
    }

    @Test
    void theEnvironmentsTokenOverridesTheStoredOne() {
        ConfigFile.of(env()).login("http://gateway:7750", "berth_1_stored");

        Endpoint endpoint = Endpoint.resolve(null, env("BERTH_TOKEN", " berth_2_env\n"));

        assertThat(endpoint.address()).hasToString("http://gateway:7750");
        assertThat(endpoint.token()).isEqualTo("berth_2_env");
    }

    @Test
    void theStoredTokenGoesOnlyToTheHostItWasStoredWith() {
        ConfigFile.of(env()).login("http://gateway:7750", "berth_1_stored");

        assertThat(Endpoint.resolve("http://other:7700", env()).token()).isNull();
        assertThat(Endpoint.resolve(null, env("BERTH_HOST", "tcp://other:7700")).token()).isNull();
        assertThat(Endpoint.resolve(null, env("BERTH_HOST", "gateway:7750")).token()).isEqualTo("berth_1_stored");
    }

    @Test
    void aTokenWithNoHostNamedGoesToTheGatewaysDefaultAddress() {
        Endpoint endpoint = Endpoint.resolve(null, env("BERTH_TOKEN", "berth_2_env"));

        assertThat(endpoint.address()).hasToString(Endpoint.GATEWAY_DEFAULT);
        assertThat(Endpoint.resolve("http://gw:7750", env("BERTH_TOKEN", "berth_2_env")).address())
                .hasToString("http://gw:7750");
    }
}
