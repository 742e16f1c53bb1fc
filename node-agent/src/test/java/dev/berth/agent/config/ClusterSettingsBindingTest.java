package dev.berth.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.cluster.ClusterSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** {@code berth.agent.cluster.*} bound as the agent binds it: off by default, and each setting where it belongs. */
class ClusterSettingsBindingTest {

    private static ClusterSettings bind(Map<String, String> properties) {
        AgentProperties agent = new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("berth.agent", AgentProperties.class);
        return new AgentConfiguration().clusterSettings(agent);
    }

    @Test
    void offByDefaultWithTheHostsCapacity() {
        ClusterSettings settings = bind(Map.of());
        assertThat(settings.enabled()).isFalse();
        assertThat(settings.nodeId()).isNotBlank();
        assertThat(settings.heartbeat()).isEqualTo(Duration.ofSeconds(3));
        assertThat(settings.capacity().cpu()).isEqualTo(Integer.toString(Runtime.getRuntime().availableProcessors()));
        assertThat(Long.parseLong(settings.capacity().memory())).isPositive();
        assertThat(settings.capacity().pids()).isGreaterThan(1000);
        assertThat(settings.capacity().portMin()).isEqualTo(1024);
        assertThat(settings.capacity().portMax()).isEqualTo(65535);
    }

    @Test
    void severalSchedulersAreAListInOrder() {
        ClusterSettings settings = bind(Map.of("berth.agent.cluster.scheduler",
                "http://10.0.0.1:7740, http://10.0.0.2:7740,", "berth.agent.cluster.node-id", "node-7"));
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.schedulers()).extracting(URI::toString).containsExactly("http://10.0.0.1:7740",
                "http://10.0.0.2:7740");
        assertThat(settings.scheduler()).hasToString("http://10.0.0.1:7740");
    }

    @Test
    void everySettingIsTaken() {
        ClusterSettings settings = bind(Map.of("berth.agent.cluster.scheduler", "http://10.0.0.1:7740",
                "berth.agent.cluster.node-id", "node-7", "berth.agent.cluster.address", "10.0.0.7:7700",
                "berth.agent.cluster.labels.zone", "a", "berth.agent.cluster.heartbeat", "1s",
                "berth.agent.cluster.cpu", "1500m", "berth.agent.cluster.memory", "2GB",
                "berth.agent.cluster.pids", "4096", "berth.agent.cluster.ports.min", "8000",
                "berth.agent.cluster.ports.max", "9000"));
        assertThat(settings.enabled()).isTrue();
        assertThat(settings.scheduler()).hasToString("http://10.0.0.1:7740");
        assertThat(settings.schedulers()).hasSize(1);
        assertThat(settings.nodeId()).isEqualTo("node-7");
        assertThat(settings.address()).isEqualTo("10.0.0.7:7700");
        assertThat(settings.labels()).isEqualTo(Map.of("zone", "a"));
        assertThat(settings.heartbeat()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.capacity()).isEqualTo(new ClusterSettings.Capacity("1500m", Long.toString(2L << 30), 4096,
                8000, 9000));
    }
}
