package dev.berth.cli.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.cli.CliException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentAddressTest {

    @TempDir
    Path home;

    private void config(String json) throws Exception {
        Files.createDirectories(home.resolve(".berth"));
        Files.writeString(home.resolve(".berth/config.json"), json);
    }

    @Test
    void theFlagWinsThenTheEnvironmentThenTheConfigThenTheDefault() throws Exception {
        config("{\"host\": \"http://config:7700\"}");
        Map<String, String> env = Map.of("HOME", home.toString(), "BERTH_HOST", "http://env:7700");

        assertThat(AgentAddress.resolve("http://flag:7700", env)).hasToString("http://flag:7700");
        assertThat(AgentAddress.resolve(null, env)).hasToString("http://env:7700");
        assertThat(AgentAddress.resolve(null, Map.of("HOME", home.toString()))).hasToString("http://config:7700");
        assertThat(AgentAddress.resolve(null, Map.of("HOME", home.resolve("elsewhere").toString())))
                .hasToString("http://127.0.0.1:7700");
        assertThat(AgentAddress.resolve(null, Map.of("HOME", home.toString(), "BERTH_HOST", " ")))
                .hasToString("http://config:7700");
    }

    @Test
    void acceptsWhatAUserWouldType() {
        assertThat(AgentAddress.parse("127.0.0.1:7700")).hasToString("http://127.0.0.1:7700");
        assertThat(AgentAddress.parse("tcp://node1:7700")).hasToString("http://node1:7700");
        assertThat(AgentAddress.parse("http://node1:7700/")).hasToString("http://node1:7700");
        assertThat(AgentAddress.parse("https://node1")).hasToString("https://node1");
    }

    @Test
    void rejectsWhatIsNotAnAgentAddress() {
        assertThatThrownBy(() -> AgentAddress.parse("unix:///run/berth.sock")).isInstanceOf(CliException.class);
        assertThatThrownBy(() -> AgentAddress.parse("http://bad host")).isInstanceOf(CliException.class)
                .hasMessageStartingWith("not an agent address");
    }

    @Test
    void aBrokenConfigFileIsNamedInTheError() throws Exception {
        config("{host: ");

        assertThatThrownBy(() -> AgentAddress.resolve(null, Map.of("HOME", home.toString())))
                .isInstanceOf(CliException.class)
                .hasMessageContaining(home.resolve(".berth/config.json").toString())
                .hasMessageContaining("not valid JSON");
    }
}
