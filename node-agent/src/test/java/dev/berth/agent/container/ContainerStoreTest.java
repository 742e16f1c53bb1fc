package dev.berth.agent.container;

import static org.assertj.core.api.Assertions.assertThat;

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
                List.of("PATH=/bin"), "/", "", "web", new Limits(64L << 20, 0.5, 20L), true, "none", false);
    }

    @Test
    void configAndStateSurviveAReload() {
        ContainerStore store = new ContainerStore(root, JsonMapper.builder().build());
        ContainerId id = ContainerId.random();
        store.create(config(id), ContainerState.created());
        ContainerState running = ContainerState.created().started(99, 1234, Instant.parse("2026-11-27T10:00:01Z"));
        store.saveState(id, running);

        List<ContainerStore.Stored> loaded = new ContainerStore(root, JsonMapper.builder().build()).loadAll();

        assertThat(loaded).hasSize(1);
        assertThat(loaded.getFirst().config()).isEqualTo(config(id));
        assertThat(loaded.getFirst().state()).isEqualTo(running);
        assertThat(Files.isDirectory(store.paths(id).upper())).isTrue();
        assertThat(Files.isDirectory(store.paths(id).work())).isTrue();
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
