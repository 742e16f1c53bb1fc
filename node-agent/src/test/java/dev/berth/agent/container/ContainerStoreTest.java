package dev.berth.agent.container;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.network.Ipv4;
import dev.berth.agent.network.NetworkAttachment;
import dev.berth.agent.network.PortBinding;
import dev.berth.agent.network.Protocol;
import dev.berth.agent.network.PublishedPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

class ContainerStoreTest {
    @TempDir
    Path root;

    static ContainerConfig config(ContainerId id) {
        return new ContainerConfig(id, new ContainerName("web"), Instant.parse("2026-11-27T10:00:00Z"),
                "busybox:latest", "sha256:" + "a".repeat(64), List.of("/layers/a"), List.of(), List.of("sleep", "9"),
                List.of("PATH=/bin"), "/", "", "web", new Limits(64L << 20, 0.5, 20L), true, "app",
                new NetworkAttachment(NetworkAttachment.BRIDGE, "b".repeat(64), "app", "berth-bbbbbbbbb",
                        Ipv4.parse("10.90.0.2"), 24, Ipv4.parse("10.90.0.1"), "02:b7:0a:5a:00:02", true),
                List.of(new PortBinding(Ipv4.parse("127.0.0.1"), 0, 80, Protocol.TCP)), false,
                new ContainerStdio(true, true, true), java.util.Map.of("berth.app", "shop"));
    }

    @Test
    void configAndStateSurviveAReload() {
        ContainerStore store = new ContainerStore(root, JsonMapper.builder().build());
        ContainerId id = ContainerId.random();
        store.create(config(id), ContainerState.created());
        ContainerState running = ContainerState.created().started(99, 1234, Instant.parse("2026-11-27T10:00:01Z"),
                List.of(new PublishedPort(Protocol.TCP, 80, Ipv4.parse("127.0.0.1"), 40123)));
        store.saveState(id, running);

        List<ContainerStore.Stored> loaded = new ContainerStore(root, JsonMapper.builder().build()).loadAll();

        assertThat(loaded).hasSize(1);
        assertThat(loaded.getFirst().config()).isEqualTo(config(id));
        assertThat(loaded.getFirst().state()).isEqualTo(running);
        assertThat(Files.isDirectory(store.paths(id).upper())).isTrue();
        assertThat(Files.isDirectory(store.paths(id).work())).isTrue();
    }

    @Test
    void aContainerFromBeforeNetworkingLoadsWithoutANetwork() throws Exception {
        ContainerStore store = new ContainerStore(root, JsonMapper.builder().build());
        ContainerId id = ContainerId.random();
        store.create(config(id), ContainerState.created());
        Path config = store.paths(id).config();
        String json = Files.readString(config);
        Files.writeString(config, json.replaceAll(",\"attachment\":\\{[^}]*\\},\"ports\":\\[[^\\]]*\\]", ""));

        ContainerConfig loaded = new ContainerStore(root, JsonMapper.builder().build()).loadAll().getFirst().config();

        assertThat(Files.readString(config)).doesNotContain("attachment");
        assertThat(loaded.attachment()).isEqualTo(NetworkAttachment.none());
        assertThat(loaded.ports()).isEmpty();
    }

    @Test
    void anUnreadableDirectoryIsSkippedNotDeleted() throws Exception {
        ContainerStore store = new ContainerStore(root, JsonMapper.builder().build());
        Path junk = Files.createDirectory(root.resolve("junk"));
        Files.writeString(junk.resolve("config.json"), "{not json");

        assertThat(store.loadAll()).isEmpty();
        assertThat(junk).exists();
    }

    @Test
    void deleteRemovesEverything() {
        ContainerStore store = new ContainerStore(root, JsonMapper.builder().build());
        ContainerId id = ContainerId.random();
        store.create(config(id), ContainerState.created());

        store.delete(id);

        assertThat(store.paths(id).directory()).doesNotExist();
    }
}
