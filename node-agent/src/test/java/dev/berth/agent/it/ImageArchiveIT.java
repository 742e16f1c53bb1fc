package dev.berth.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** save and load through the API: a round trip that runs, foreign layers, and hostile archives refused whole. */
class ImageArchiveIT extends FastAgentIT {
    private static final Path IMAGES = Path.of(System.getProperty("berth.it.dir", "target/it"), "fast/state/images");

    private final List<String> containers = new ArrayList<>();

    @AfterEach
    void removeContainers() {
        containers.forEach(id -> api.delete("/v1/containers/" + id + "?force=true"));
    }

    private ApiClient.Run run(String image, List<String> cmd) {
        ApiClient.Run run = api.run(Map.of("image", image, "cmd", cmd));
        containers.add(run.id());
        return run;
    }

    private byte[] save(String names) {
        ApiClient.Download saved = api.download("/v1/images/save?" + names);
        assertThat(saved.status()).as(new String(saved.body())).isEqualTo(200);
        return saved.body();
    }

    private ApiClient.Response load(byte[] archive) {
        return api.upload("/v1/images/load", archive, "application/x-tar");
    }

    @Test
    void aSavedImageRemovedAndLoadedAgainRunsAsBefore() {
        ApiClient.Run made = run("busybox", List.of("sh", "-c", "echo saved-and-loaded > /saved"));
        ApiClient.Response committed = api.post("/v1/containers/" + made.id() + "/commit?repo=it-saved&tag=1");
        String id = committed.json().path("id").asString();
        api.delete("/v1/containers/" + made.id());

        byte[] archive = save("names=it-saved:1");

        assertThat(OciArchives.read(archive)).containsKeys("oci-layout", "index.json", "manifest.json",
                OciArchives.blob(id));
        assertThat(api.delete("/v1/images/it-saved:1").status()).isEqualTo(200);
        assertThat(api.get("/v1/images/it-saved:1").status()).isEqualTo(404);
        assertThat(Files.exists(IMAGES.resolve("blobs").resolve(OciArchives.blob(id).substring("blobs/".length()))))
                .isFalse();

        ApiClient.Response loaded = load(archive);

        assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
        assertThat(loaded.json().get(0).path("id").asString()).isEqualTo(id);
        assertThat(loaded.json().get(0).path("tags").get(0).asString()).isEqualTo("it-saved:1");
        assertThat(run("it-saved:1", List.of("cat", "/saved")).stdout()).isEqualTo("saved-and-loaded\n");
        assertThat(api.get("/v1/images/it-saved:1/history").json().get(0).path("createdBy").asString())
                .isEqualTo("sh -c echo saved-and-loaded > /saved");
    }

    @Test
    void saveOfAnUnknownImageIs404BeforeAnyByte() {
        ApiClient.Download saved = api.download("/v1/images/save?names=busybox&names=nosuch:1");

        assertThat(saved.status()).isEqualTo(404);
        assertThat(new String(saved.body())).contains("no such image: nosuch:1");
    }

    @Test
    void aLoadedLayerThatMakesEtcOpaqueHidesTheImagesEtc() {
        Map<String, String> layer = new LinkedHashMap<>();
        layer.put("etc/", "");
        layer.put("etc/.wh..wh..opq", "");
        layer.put("etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
        byte[] archive = OciArchives.withLayer(save("names=busybox"), OciArchives.layer(layer), "it-opaque:1");

        ApiClient.Response loaded = load(archive);

        assertThat(loaded.status()).as(loaded.body()).isEqualTo(200);
        String listing = run("it-opaque:1", List.of("ls", "/etc")).stdout();
        assertThat(listing).contains("passwd").doesNotContain("group");
        assertThat(run("busybox", List.of("ls", "/etc")).stdout()).contains("group");
    }

    @Test
    void hostileArchivesAreRefusedWith400AndLeaveNothing() throws IOException {
        JsonNode imagesBefore = api.get("/v1/images").json();
        List<String> storeBefore = listing(IMAGES.resolve("blobs"));
        List<String> layersBefore = listing(IMAGES.resolve("layers"));
        byte[] busybox = save("names=busybox");
        Path planted = Path.of("/tmp/berth-it-planted");
        Files.deleteIfExists(planted);

        Map<String, String> escape = new LinkedHashMap<>();
        escape.put("srv/", "");
        escape.put("srv/ok", "fine");
        escape.put("../../../../../../../../tmp/berth-it-planted", "escaped");
        assertRefused(OciArchives.withLayer(busybox, OciArchives.layer(escape), "it-hostile:1"), "invalid-layer",
                "escapes the root");

        Map<String, byte[]> files = OciArchives.read(OciArchives.withLayer(busybox,
                OciArchives.layer(Map.of("srv/ok", "fine")), "it-hostile:2"));
        String someBlob = files.keySet().stream().filter(name -> name.startsWith("blobs/")).findFirst().orElseThrow();
        files.put(someBlob, "tampered".getBytes());
        assertRefused(OciArchives.tar(files), "invalid-archive", "does not match its content");

        Map<String, byte[]> traversal = new LinkedHashMap<>(OciArchives.read(busybox));
        traversal.put("../../../../../../../../tmp/berth-it-planted", "escaped".getBytes());
        assertRefused(OciArchives.tar(traversal), "invalid-archive", "escapes the root");

        assertThat(api.get("/v1/images").json()).isEqualTo(imagesBefore);
        assertThat(listing(IMAGES.resolve("blobs"))).isEqualTo(storeBefore);
        assertThat(listing(IMAGES.resolve("layers"))).isEqualTo(layersBefore);
        assertThat(listing(IMAGES.resolve("tmp"))).isEmpty();
        assertThat(planted).doesNotExist();
    }

    private void assertRefused(byte[] archive, String type, String detail) {
        ApiClient.Response response = load(archive);
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.json().path("type").asString()).isEqualTo("https://berth.dev/problems/" + type);
        assertThat(response.detail()).contains(detail);
    }

    private static List<String> listing(Path dir) throws IOException {
        try (Stream<Path> entries = Files.walk(dir)) {
            return entries.filter(path -> !path.equals(dir)).map(dir::relativize).map(Path::toString).sorted()
                    .toList();
        }
    }
}
