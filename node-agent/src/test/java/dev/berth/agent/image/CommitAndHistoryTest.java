package dev.berth.agent.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.agent.linux.OpenFlags;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Images made on top of others (commit), other names for them (tag), and what made them (history). */
@Timeout(60)
class CommitAndHistoryTest {
    private static final Instant START = Instant.parse("2026-01-02T03:04:05Z");
    private static final byte[] CHANGES = new TarBuilder()
            .dir("etc", 0755)
            .file("etc/.wh.passwd", "")
            .dir("srv", 0755)
            .file("srv/index.html", "hello\n")
            .build();

    @TempDir
    Path root;

    private final RecordingFileSyscalls syscalls = new RecordingFileSyscalls();
    private LocalImageStore store;
    private Image base;

    @BeforeEach
    void setUp() {
        store = new LocalImageStore(root, syscalls, new TickingClock(START));
        base = store.importRootfs(new ByteArrayInputStream(TarBuilder.rootfs().build()), ImageRef.parse("base:1"),
                ImageConfig.defaults(List.of("sh")));
    }

    private Image commit(byte[] layer, List<String> changes, String tag) {
        return store.commit(base.id(), out -> out.write(layer), base.config().withChanges(changes),
                "sh -c rm /etc/passwd", "removed passwd", tag == null ? null : ImageRef.parse(tag));
    }

    private List<String> children(String dir) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(dir))) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aCommitIsTheParentsLayersPlusOneWithWhiteoutsInOverlayForm() throws IOException {
        Image committed = commit(CHANGES, List.of("CMD [\"echo\", \"committed\"]", "EXPOSE 80"), "web:2");

        Digest layer = Digest.sha256Of(CHANGES);
        assertThat(committed.layers()).containsExactly(base.layers().getFirst(), layer);
        assertThat(committed.layerDirs()).containsExactly(root.resolve("layers/sha256/" + layer.hex()),
                root.resolve("layers/sha256/" + base.layers().getFirst().hex()));
        Path whiteout = root.resolve("layers/sha256/" + layer.hex() + "/etc/passwd");
        assertThat(mode(whiteout) & OpenFlags.S_IFMT).isEqualTo(OpenFlags.S_IFCHR);
        assertThat(committed.config().cmd()).containsExactly("echo", "committed");
        assertThat(committed.config().exposedPorts()).containsExactly("80/tcp");
        assertThat(committed.config().env()).isEqualTo(base.config().env());
        assertThat(store.find("web:2")).map(Image::id).hasValue(committed.id());
        // The layer tar is kept as its blob, like an imported one.
        assertThat(root.resolve("blobs/sha256/" + layer.hex())).hasBinaryContent(CHANGES);
    }

    @Test
    void theConfigRecordsTheStepAndKeepsTheParentsHistory() throws IOException {
        Image committed = commit(CHANGES, List.of(), null);

        JsonNode config = JsonMapper.builder().build().readTree(
                Files.readAllBytes(root.resolve("blobs/sha256/" + committed.id().hex())));
        assertThat(config.path("history")).hasSize(2);
        assertThat(config.path("history").get(0).path("created_by").asString()).isEqualTo("berth import");
        assertThat(config.path("history").get(1).path("created_by").asString()).isEqualTo("sh -c rm /etc/passwd");
        assertThat(config.path("history").get(1).path("comment").asString()).isEqualTo("removed passwd");
        assertThat(config.path("rootfs").path("diff_ids")).hasSize(2);
        assertThat(committed.tags()).isEmpty();
    }

    @Test
    void historyListsTheCommitFirstAndNamesTheParentImage() {
        Image committed = commit(CHANGES, List.of(), "web:2");

        List<ImageHistory.Step> steps = store.history("web:2");

        assertThat(steps).hasSize(2);
        ImageHistory.Step top = steps.get(0);
        assertThat(top.image()).isEqualTo(committed.id());
        assertThat(top.tags()).containsExactly(ImageRef.parse("web:2"));
        assertThat(top.createdBy()).isEqualTo("sh -c rm /etc/passwd");
        assertThat(top.comment()).isEqualTo("removed passwd");
        assertThat(top.size()).isEqualTo("hello\n".length());
        ImageHistory.Step bottom = steps.get(1);
        assertThat(bottom.image()).isEqualTo(base.id());
        assertThat(bottom.tags()).containsExactly(ImageRef.parse("base:1"));
        assertThat(bottom.createdBy()).isEqualTo("berth import");
        assertThat(bottom.size()).isEqualTo(base.size());
        assertThat(top.created()).isAfter(bottom.created());
    }

    @Test
    void aStepWhoseImageIsGoneShowsNone() {
        commit(CHANGES, List.of(), "web:2");
        store.remove("base:1", false, id -> false);

        List<ImageHistory.Step> steps = store.history("web:2");

        assertThat(steps.get(1).image()).isNull();
        assertThat(steps.get(1).createdBy()).isEqualTo("berth import");
    }

    @Test
    void tagAddsANameAndMovesOneThatNamedAnotherImage() {
        Image committed = commit(CHANGES, List.of(), null);

        store.tag(committed.id().hex().substring(0, 12), ImageRef.parse("web:latest"));
        store.tag("base:1", ImageRef.parse("web:old"));
        store.tag(committed.id().toString(), ImageRef.parse("web:old"));

        assertThat(store.find("web")).map(Image::id).hasValue(committed.id());
        assertThat(store.find("web:old")).map(Image::id).hasValue(committed.id());
        assertThat(store.find("base:1")).map(Image::id).hasValue(base.id());
        assertThatThrownBy(() -> store.tag("nosuch:1", ImageRef.parse("x:1")))
                .isInstanceOf(NoSuchImageException.class);
    }

    @Test
    void aRefusedCommitKeepsNothing() throws IOException {
        List<String> layers = children("layers/sha256");
        List<String> blobs = children("blobs/sha256");
        byte[] hostile = new TarBuilder().file("srv/ok", "x").file("../../escaped", "x").build();

        assertThatThrownBy(() -> commit(hostile, List.of(), "web:2"))
                .isInstanceOf(InvalidLayerException.class).hasMessageContaining("escapes the root");

        assertThat(children("layers/sha256")).isEqualTo(layers);
        assertThat(children("blobs/sha256")).isEqualTo(blobs);
        assertThat(children("tmp")).isEmpty();
        assertThat(store.list()).hasSize(1);
        assertThat(root.getParent().resolve("escaped")).doesNotExist();
    }

    @Test
    void aCommitLargerThanTheLimitStopsWhileItIsWritten() throws IOException {
        LocalImageStore small = new LocalImageStore(root, syscalls, new TickingClock(START), 64 * 1024);
        byte[] big = new TarBuilder().file("srv/big", new byte[128 * 1024], 0644).build();

        assertThatThrownBy(() -> small.commit(base.id(), out -> out.write(big), base.config(), "x", "", null))
                .isInstanceOf(InvalidLayerException.class)
                .hasMessageContaining("larger than 65536 bytes, the limit (berth.agent.images.max-layer-size)");
        assertThat(children("tmp")).isEmpty();
        assertThat(small.list()).hasSize(1);
    }

    @Test
    void aBadChangeOrAMissingParentIsRefused() {
        assertThatThrownBy(() -> commit(CHANGES, List.of("RUN make"), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unsupported change 'RUN make'");
        assertThatThrownBy(() -> store.commit(Digest.sha256("0".repeat(64)), out -> out.write(CHANGES),
                base.config(), "x", "", null)).isInstanceOf(NoSuchImageException.class);
    }

    private static int mode(Path path) throws IOException {
        return (int) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
    }
}
