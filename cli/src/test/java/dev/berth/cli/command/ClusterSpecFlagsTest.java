package dev.berth.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.cli.CliException;
import dev.berth.cli.args.UsageException;
import dev.berth.cli.http.Json;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** {@code app create}'s one-service flags as the scheduler's spec, and a spec file as the create body. */
class ClusterSpecFlagsTest {

    @Test
    void theImageAloneLeavesEverythingElseToTheScheduler() {
        assertThat(ServiceSpecFlags.spec("busybox:1", null, List.of(), null, null, List.of()).toString())
                .isEqualTo("{\"image\":\"busybox:1\"}");
    }

    @Test
    void envPortsAndResourcesInTheSpecForm() {
        ObjectNode spec = ServiceSpecFlags.spec("busybox:1", 3, List.of("MODE=prod", "EMPTY=", "URL=a=b"),
                new BigDecimal("0.50"), "256m", List.of("8080:80", "53/udp", ":9000"));

        assertThat(spec.toString()).isEqualTo("{\"image\":\"busybox:1\",\"replicas\":3,"
                + "\"env\":{\"MODE\":\"prod\",\"EMPTY\":\"\",\"URL\":\"a=b\"},"
                + "\"resources\":{\"cpu\":{\"request\":\"0.5\",\"limit\":\"0.5\"},"
                + "\"memory\":{\"request\":\"268435456\",\"limit\":\"268435456\"}},"
                + "\"ports\":[{\"container\":80,\"host\":8080,\"protocol\":\"tcp\"},"
                + "{\"container\":53,\"protocol\":\"udp\"},{\"container\":9000,\"protocol\":\"tcp\"}]}");
    }

    @Test
    void dockersMemoryUnitsArePowersOf1024AndTheSchedulersPassThrough() {
        assertThat(ServiceSpecFlags.memory("64m")).isEqualTo("67108864");
        assertThat(ServiceSpecFlags.memory("1g")).isEqualTo("1073741824");
        assertThat(ServiceSpecFlags.memory("512k")).isEqualTo("524288");
        assertThat(ServiceSpecFlags.memory("1000")).isEqualTo("1000");
        assertThat(ServiceSpecFlags.memory("256Mi")).isEqualTo("256Mi");
    }

    @Test
    void malformedFlagsAreUsageErrors() {
        assertThatThrownBy(() -> ServiceSpecFlags.spec("b", null, List.of("NOVALUE"), null, null, List.of()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("\"NOVALUE\" for \"-e, --env\" flag: expected KEY=VALUE");
        assertThatThrownBy(() -> ServiceSpecFlags.spec("b", null, List.of("=x"), null, null, List.of()))
                .isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> ServiceSpecFlags.spec("b", null, List.of(), null, null, List.of("127.0.0.1:80:80")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("leave out the address");
        assertThatThrownBy(() -> ServiceSpecFlags.spec("b", null, List.of(), null, null, List.of("80:x")))
                .isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> ServiceSpecFlags.spec("b", null, List.of(), BigDecimal.ZERO, null, List.of()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--cpus");
    }

    @Test
    void aSpecFileGetsTheNameFromTheCommandLine() {
        ObjectNode services = (ObjectNode) Json.mapper().readTree("{\"services\": {\"web\": {\"image\": \"b\"}}}");
        assertThat(AppCreateCommand.createBody(services, "shop", "app.json").toString())
                .isEqualTo("{\"name\":\"shop\",\"services\":{\"web\":{\"image\":\"b\"}}}");

        ObjectNode whole = (ObjectNode) Json.mapper().readTree(
                "{\"name\": \"shop\", \"services\": {\"web\": {\"image\": \"b\"}}, \"extra\": 1}");
        assertThat(AppCreateCommand.createBody(whole, "shop", "app.json").toString())
                .as("unknown members are the scheduler's to refuse")
                .isEqualTo("{\"name\":\"shop\",\"services\":{\"web\":{\"image\":\"b\"}},\"extra\":1}");

        assertThatThrownBy(() -> AppCreateCommand.createBody(whole, "store", "app.json"))
                .isInstanceOf(CliException.class)
                .hasMessage("app.json names the app \"shop\", not \"store\"");
        assertThatThrownBy(() -> AppCreateCommand.createBody(Json.mapper().readTree("{\"image\": \"b\"}"), "shop",
                "-"))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("expected a JSON object with \"services\"");
    }
}
