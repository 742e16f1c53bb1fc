package dev.berth.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The agent pushes to and pulls from a real registry that Berth did not write (Debian's docker-registry): a committed
 * image goes there, comes back to a store that lost it, and runs; a second pull fetches nothing; hostile layers put
 * there by hand are refused and leave nothing behind.
 */
class PullPushIT extends FastAgentIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static DistributionRegistry registry;

    private final List<String> containers = new ArrayList<>();

    @BeforeAll
    static void startRegistry() throws Exception {
        registry = new DistributionRegistry(Path.of(System.getProperty("berth.it.dir", "target/it"),
                "distribution-" + ProcessHandle.current().pid()));
    }

    @AfterAll
    static void stopRegistry() throws InterruptedException {
        if (registry != null) {
            registry.close();
        }
    }

    @AfterEach
    void removeContainers() {
        containers.forEach(id -> api.delete("/v1/containers/" + id + "?force=true"));
    }

    private ApiClient.Run run(String image, List<String> cmd) {
        ApiClient.Run run = api.run(Map.of("image", image, "cmd", cmd, "network", "none"));
        containers.add(run.id());
        return run;
    }

    /** The steps of a pull or push, each a JSON object; the last one says how it ended. */
    private List<JsonNode> transfer(String verb, String reference) {
        ApiClient.Response response = api.post("/v1/images/" + verb + "?reference=" + ApiClient.encode(reference));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return DistributionRegistry.lines(response.body()).stream().map(JSON::readTree).toList();
    }

    private static List<String> statuses(List<JsonNode> steps) {
        return steps.stream().map(step -> step.path("status").asString()).toList();
    }

    @Test
    void aCommittedImageGoesToTheRegistryAndComesBackToRun() {
        ApiClient.Run made = run("busybox", List.of("sh", "-c", "echo pushed > /hello && rm /etc/group"));
        assertThat(made.exitCode()).as(made.stderr()).isZero();
        String name = registry.address() + "/it/app";
        ApiClient.Response committed = api.post("/v1/containers/" + made.id() + "/commit?repo="
                + ApiClient.encode(name) + "&tag=1");
        assertThat(committed.status()).as(committed.body()).isEqualTo(201);
        String id = committed.json().path("id").asString();

        List<JsonNode> pushed = transfer("push", name + ":1");
        assertThat(pushed.getLast().path("status").asString()).as(pushed.toString()).isEqualTo("pushed");
        assertThat(statuses(pushed)).contains("uploading", "complete");

        assertThat(api.delete("/v1/images/" + ApiClient.encode(name + ":1")).status()).isEqualTo(200);
        assertThat(api.get("/v1/images/" + ApiClient.encode(name + ":1")).status()).isEqualTo(404);

        List<JsonNode> pulled = transfer("pull", name + ":1");
        JsonNode last = pulled.getLast();
        assertThat(last.path("status").asString()).as(pulled.toString()).isEqualTo("pulled");
        assertThat(last.path("id").asString()).as("the same config, so the same image").isEqualTo(id);
        assertThat(last.path("digest").asString()).isEqualTo(pushed.getLast().path("digest").asString());
        // busybox's layer was never removed: only the committed one travels.
        JsonNode layers = pulled.getFirst().path("layers");
        assertThat(layers.get(0).path("present").asBoolean()).isTrue();
        assertThat(layers.get(1).path("present").asBoolean()).isFalse();

        ApiClient.Run check = run(name + ":1", List.of("sh", "-c", "cat /hello; ls /etc/group 2>&1"));
        assertThat(check.stdout()).isEqualTo("pushed\nls: /etc/group: No such file or directory\n");

        List<JsonNode> again = transfer("pull", name + ":1");
        assertThat(statuses(again)).as("a second pull fetches no layer").doesNotContain("downloading")
                .endsWith("pulled");
    }

    @Test
    void hostileLayersAreRefusedOnPullAndWriteNothingOutside() throws Exception {
        Path tmp = Path.of("/tmp");
        String marker = "berth-escape-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        Map<String, Map.Entry<byte[], String>> hostile = Map.of(
                "climb", Map.entry(tar(entry("../../../../../../../tmp/" + marker, "escaped")), "escapes the root"),
                "absolute", Map.entry(tar(entry("/tmp/" + marker, "escaped")), "has an absolute path"),
                "symlink", Map.entry(tar(symlink("link", "/tmp"), entry("link/" + marker, "escaped")),
                        "would be written through the symlink 'link'"),
                "hardlink", Map.entry(tar(hardlink("shadow", "../../../../../../etc/shadow")),
                        "hard link 'shadow' points to '../../../../../../etc/shadow', which escapes the root"),
                "device", Map.entry(tar(device("mem", 1, 1)), "entry 'mem' is a character device (1:1)"));
        Path layersDir = Path.of(System.getProperty("berth.it.dir", "target/it"), "fast/state/images/layers/sha256");
        List<Path> before = list(layersDir);

        for (Map.Entry<String, Map.Entry<byte[], String>> layer : hostile.entrySet()) {
            registry.push("it/hostile-" + layer.getKey(), "1", layer.getValue().getKey());
            List<JsonNode> steps = transfer("pull", registry.address() + "/it/hostile-" + layer.getKey() + ":1");

            JsonNode last = steps.getLast();
            assertThat(last.path("status").asString()).as(layer.getKey()).isEqualTo("error");
            assertThat(last.path("error").asString()).as(layer.getKey()).contains(layer.getValue().getValue());
            assertThat(tmp.resolve(marker)).as(layer.getKey()).doesNotExist();
            assertThat(api.get("/v1/images/" + ApiClient.encode(registry.address() + "/it/hostile-"
                    + layer.getKey() + ":1")).status()).isEqualTo(404);
        }
        assertThat(list(layersDir)).as("no layer directory is left").isEqualTo(before);
    }

    @Test
    void anImageTheRegistryDoesNotHaveIsA404BeforeAnythingStreams() {
        ApiClient.Response response = api.post("/v1/images/pull?reference="
                + ApiClient.encode(registry.address() + "/it/missing:1"));

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.detail()).contains("MANIFEST_UNKNOWN").contains("it/missing");
        ApiClient.Response unreachable = api.post("/v1/images/pull?reference=" + ApiClient.encode("127.0.0.1:9/x:1"));
        assertThat(unreachable.status()).isEqualTo(502);
        assertThat(unreachable.detail()).contains("registry 127.0.0.1:9 is unreachable");
        ApiClient.Response malformed = api.post("/v1/images/pull?reference=" + ApiClient.encode("Bad/Name"));
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.detail()).contains("invalid image reference 'Bad/Name'");
        ApiClient.Response pushMissing = api.post("/v1/images/push?reference=" + ApiClient.encode("nope:1"));
        assertThat(pushMissing.status()).isEqualTo(404);
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.sorted().toList();
        }
    }

    private interface Entry {
        void write(TarArchiveOutputStream tar) throws IOException;
    }

    private static Entry entry(String name, String content) {
        return tar -> {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry(name, true);
            entry.setSize(bytes.length);
            tar.putArchiveEntry(entry);
            tar.write(bytes);
            tar.closeArchiveEntry();
        };
    }

    private static Entry symlink(String name, String target) {
        return link(TarConstants.LF_SYMLINK, name, target);
    }

    private static Entry hardlink(String name, String target) {
        return link(TarConstants.LF_LINK, name, target);
    }

    private static Entry link(byte type, String name, String target) {
        return tar -> {
            TarArchiveEntry entry = new TarArchiveEntry(name, type, true);
            entry.setLinkName(target);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        };
    }

    private static Entry device(String name, int major, int minor) {
        return tar -> {
            TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_CHR, true);
            entry.setDevMajor(major);
            entry.setDevMinor(minor);
            tar.putArchiveEntry(entry);
            tar.closeArchiveEntry();
        };
    }

    private static byte[] tar(Entry... entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            for (Entry entry : entries) {
                entry.write(tar);
            }
        }
        return out.toByteArray();
    }
}
