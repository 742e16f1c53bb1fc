package dev.berth.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.linux.LinuxSyscalls;
import dev.berth.agent.linux.OpenFlags;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** commit, diff and history through the API, with the overlay's whiteouts and opaque directories made by the kernel. */
class CommitIT extends FastAgentIT {
    private final List<String> containers = new ArrayList<>();

    @AfterEach
    void removeContainers() {
        containers.forEach(id -> api.delete("/v1/containers/" + id + "?force=true"));
    }

    private ApiClient.Run run(String image, List<String> cmd) {
        Map<String, Object> spec = new HashMap<>();
        spec.put("image", image);
        if (cmd != null) {
            spec.put("cmd", cmd);
        }
        ApiClient.Run run = api.run(spec);
        containers.add(run.id());
        return run;
    }

    private String commit(String container, String query) {
        ApiClient.Response response = api.post("/v1/containers/" + container + "/commit" + query);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        String id = response.json().path("id").asString();
        assertThat(id).matches("sha256:[0-9a-f]{64}");
        return id;
    }

    @Test
    void aCommittedImageHasTheContainersFilesDeletionsAndReplacedDirectories() throws Exception {
        ApiClient.Run made = run("busybox", List.of("sh", "-c", "echo committed-file > /hello && rm /etc/group"
                + " && rm -rf /var/www && mkdir /var/www && echo fresh > /var/www/new.html"));
        assertThat(made.exitCode()).as(made.stderr()).isZero();

        String id = commit(made.id(), "?repo=it-commit&tag=files");

        ApiClient.Run check = run("it-commit:files", List.of("sh", "-c",
                "cat /hello; ls /etc/group 2>&1; ls /var/www"));
        assertThat(check.stdout()).isEqualTo("committed-file\nls: /etc/group: No such file or directory\nnew.html\n");
        assertThat(api.get("/v1/images/it-commit:files").json().path("id").asString()).isEqualTo(id);
        // The new layer is a lowerdir like any other, with the whiteout and the opaque mark in overlayfs' form.
        Path layer = Path.of(api.inspect(check.id()).path("rootfs").path("lowerDirs").get(0).asString());
        Path group = layer.resolve("etc/group");
        assertThat((int) Files.getAttribute(group, "unix:mode", LinkOption.NOFOLLOW_LINKS) & OpenFlags.S_IFMT)
                .isEqualTo(OpenFlags.S_IFCHR);
        assertThat(new LinuxSyscalls().getXattr(layer.resolve("var/www").toString(), "trusted.overlay.opaque"))
                .hasValueSatisfying(value -> assertThat(new String(value, StandardCharsets.US_ASCII)).isEqualTo("y"));
        assertThat(layer.resolve("etc/hosts")).as("the runtime's mountpoint is not committed").doesNotExist();
    }

    @Test
    void aCommitWithAChangedCmdRunsIt() {
        ApiClient.Run made = run("busybox", List.of("true"));

        // One change with a comma in it: it must not be split into two.
        commit(made.id(), "?repo=it-commit&tag=cmd&changes=" + ApiClient.encode("CMD [\"echo\",\"committed\"]"));

        assertThat(run("it-commit:cmd", null).stdout()).isEqualTo("committed\n");
        JsonNode config = api.get("/v1/images/it-commit:cmd").json().path("config");
        assertThat(config.path("cmd").toString()).isEqualTo("[\"echo\",\"committed\"]");
        assertThat(config.path("env")).isEqualTo(api.get("/v1/images/busybox").json().path("config").path("env"));
    }

    @Test
    void anImportsSingleChangeWithACommaIsOneChangeToo() {
        ApiClient.Response imported = api.importTar(BusyboxImage.tar(), "it-commit:imported",
                "CMD [\"echo\", \"imported\"]");

        assertThat(imported.status()).as(imported.body()).isEqualTo(201);
        assertThat(run("it-commit:imported", null).stdout()).isEqualTo("imported\n");
    }

    @Test
    void historyShowsTheCommitFirstThenTheImport() {
        ApiClient.Run made = run("busybox", List.of("sh", "-c", "echo x > /x"));
        String busybox = api.get("/v1/images/busybox").json().path("id").asString();

        String id = commit(made.id(), "?repo=it-commit&tag=history&comment=" + ApiClient.encode("a first commit"));

        ApiClient.Response history = api.get("/v1/images/it-commit:history/history");
        assertThat(history.status()).as(history.body()).isEqualTo(200);
        JsonNode steps = history.json();
        assertThat(steps).hasSize(2);
        assertThat(steps.get(0).path("id").asString()).isEqualTo(id);
        assertThat(steps.get(0).path("createdBy").asString()).isEqualTo("sh -c echo x > /x");
        assertThat(steps.get(0).path("comment").asString()).isEqualTo("a first commit");
        assertThat(steps.get(0).path("size").asLong()).isEqualTo(2);
        assertThat(steps.get(0).path("tags").get(0).asString()).isEqualTo("it-commit:history");
        assertThat(steps.get(1).path("id").asString()).isEqualTo(busybox);
        assertThat(steps.get(1).path("createdBy").asString()).isEqualTo("berth import");
        assertThat(api.get("/v1/images/nosuch:1/history").status()).isEqualTo(404);
    }

    @Test
    void diffListsAddedChangedAndDeletedPaths() {
        ApiClient.Run made = run("busybox", List.of("sh", "-c",
                "echo more >> /etc/passwd && rm /etc/group && mkdir -p /new/dir && touch /new/dir/file"));

        ApiClient.Response changes = api.get("/v1/containers/" + made.id() + "/changes");

        assertThat(changes.status()).as(changes.body()).isEqualTo(200);
        List<String> lines = new ArrayList<>();
        changes.json().values().forEach(c -> lines.add(c.path("kind").asString() + " " + c.path("path").asString()));
        assertThat(lines).containsExactly("C /etc", "D /etc/group", "C /etc/passwd", "A /new", "A /new/dir",
                "A /new/dir/file");
        assertThat(api.get("/v1/containers/nosuchcontainer/changes").status()).isEqualTo(404);
    }

    @Test
    void aRunningContainerIsCommittedFrozenAndRunsOnAfterwards() {
        String id = api.create(Map.of("image", "busybox", "cmd", List.of("sh", "-c",
                "echo live > /live; sleep 1000")), true);
        containers.add(id);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!api.get("/v1/containers/" + id + "/changes").body().contains("/live")) {
            assertThat(System.nanoTime()).as("the container writes /live").isLessThan(deadline);
            LimitsIT.sleep(Duration.ofMillis(50));
        }

        commit(id, "?repo=it-commit&tag=live");

        assertThat(api.inspect(id).path("state").path("status").asString()).isEqualTo("running");
        Path freezer = Path.of("/sys/fs/cgroup/freezer/berth", id, "freezer.state");
        if (Files.exists(freezer)) {
            assertThat(HostCgroups.read(freezer).strip()).isEqualTo("THAWED");
        }
        assertThat(run("it-commit:live", List.of("cat", "/live")).stdout()).isEqualTo("live\n");
    }

    @Test
    void aBadChangeIsRefusedAndMakesNoImage() {
        ApiClient.Run made = run("busybox", List.of("true"));
        int before = api.get("/v1/images").json().size();

        ApiClient.Response response = api.post("/v1/containers/" + made.id() + "/commit?repo=it-commit&tag=bad"
                + "&changes=" + ApiClient.encode("RUN make"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.detail()).contains("unsupported change 'RUN make'");
        assertThat(api.get("/v1/images").json().size()).isEqualTo(before);
        assertThat(api.post("/v1/containers/nosuchcontainer/commit").status()).isEqualTo(404);
    }

    @Test
    void tagGivesAnImageAnotherName() {
        ApiClient.Response tagged = api.post("/v1/images/busybox/tag?repo=it-tagged&tag=2");

        assertThat(tagged.status()).as(tagged.body()).isEqualTo(201);
        assertThat(tagged.json().path("tag").asString()).isEqualTo("it-tagged:2");
        assertThat(api.get("/v1/images/it-tagged:2").json().path("id").asString())
                .isEqualTo(api.get("/v1/images/busybox").json().path("id").asString());
        assertThat(api.post("/v1/images/nosuch/tag?repo=x").status()).isEqualTo(404);
        assertThat(api.post("/v1/images/busybox/tag?repo=UPPER").status()).isEqualTo(400);
        api.delete("/v1/images/it-tagged:2");
    }
}
