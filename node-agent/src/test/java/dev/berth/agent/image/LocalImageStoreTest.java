package dev.berth.agent.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Timeout(60)
class LocalImageStoreTest {
    private static final Instant START = Instant.parse("2026-01-02T03:04:05Z");
    private static final Predicate<Digest> UNUSED = id -> false;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path root;

    private final RecordingFileSyscalls syscalls = new RecordingFileSyscalls();
    private LocalImageStore store;
    private byte[] rootfs;

    @BeforeEach
    void setUp() {
        store = open();
        rootfs = TarBuilder.rootfs().build();
    }

    private LocalImageStore open() {
        return new LocalImageStore(root, syscalls, new TickingClock(START));
    }

    private Image importTar(byte[] tar, String ref) {
        return store.importRootfs(new ByteArrayInputStream(tar), ImageRef.parse(ref));
    }

    private Image importTar(byte[] tar, String ref, ImageConfig config) {
        return store.importRootfs(new ByteArrayInputStream(tar), ImageRef.parse(ref), config);
    }

    private static Digest sha256(byte[] content) {
        return Digest.sha256Of(content);
    }

    private List<String> children(String dir) throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(dir))) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

    // --- import ------------------------------------------------------------------------------------------------

    @Test
    void importUnpacksTheLayerOnceAndNamesTheImageByItsConfigDigest() throws IOException {
        Image image = importTar(rootfs, "busybox:latest");

        Digest diffId = sha256(rootfs);
        Path layerDir = root.resolve("layers/sha256/" + diffId.hex());
        assertThat(image.tags()).containsExactly(ImageRef.parse("busybox"));
        assertThat(image.layers()).containsExactly(diffId);
        assertThat(image.layerDirs()).containsExactly(layerDir);
        assertThat(layerDir.resolve("bin/busybox")).hasContent("#!busybox");
        assertThat(image.config()).isEqualTo(ImageConfig.defaults(null));
        assertThat(image.created()).isEqualTo(START);
        assertThat(image.size()).isEqualTo(FileTrees.size(layerDir)).isPositive();
        byte[] config = Files.readAllBytes(root.resolve("blobs/sha256/" + image.id().hex()));
        assertThat(sha256(config)).isEqualTo(image.id());
        assertThat(root.resolve("blobs/sha256/" + diffId.hex())).hasBinaryContent(rootfs);
        assertThat(children("tmp")).isEmpty();
    }

    @Test
    void onlyItsOwnerCanReachTheStoreSinceLayersHoldSetuidBinaries() throws IOException {
        importTar(rootfs, "busybox");

        assertThat(Files.getPosixFilePermissions(root)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }

    @Test
    void theConfigBlobIsAnOciImageConfig() throws IOException {
        ImageConfig config = ImageConfig.defaults(List.of("sh")).withChanges(List.of("WORKDIR /srv", "USER 1000"));
        Image image = importTar(rootfs, "busybox", config);

        JsonNode json = JSON.readTree(Files.readAllBytes(root.resolve("blobs/sha256/" + image.id().hex())));
        assertThat(json.path("os").asString()).isEqualTo("linux");
        assertThat(json.path("architecture").asString()).isIn("amd64", "arm64");
        assertThat(json.path("created").asString()).isEqualTo(START.toString());
        assertThat(json.path("config").path("Env").get(0).asString()).startsWith("PATH=");
        assertThat(json.path("config").path("Cmd").get(0).asString()).isEqualTo("sh");
        assertThat(json.path("config").path("Entrypoint").isNull()).isTrue();
        assertThat(json.path("config").path("WorkingDir").asString()).isEqualTo("/srv");
        assertThat(json.path("config").path("User").asString()).isEqualTo("1000");
        assertThat(json.path("rootfs").path("type").asString()).isEqualTo("layers");
        assertThat(json.path("rootfs").path("diff_ids").get(0).asString()).isEqualTo(sha256(rootfs).toString());
        assertThat(json.path("history").get(0).path("created_by").asString()).isEqualTo("berth import");
    }

    @Test
    void aGzipTarGivesTheSameLayerAndImageAsThePlainOne() {
        Image plain = importTar(rootfs, "busybox:plain");
        Image gzip = importTar(TarBuilder.gzip(rootfs), "busybox:gzip");

        assertThat(gzip.id()).isEqualTo(plain.id());
        assertThat(gzip.layers()).isEqualTo(plain.layers());
    }

    @Test
    void importingTheSameTarAgainReusesTheLayerAndTheImage() throws IOException {
        Image first = importTar(rootfs, "busybox:latest");
        int mknods = syscalls.calls("mknod").size();
        Image again = importTar(rootfs, "busybox:latest");
        Image otherTag = importTar(rootfs, "busybox:1.36");

        assertThat(again.id()).isEqualTo(first.id());
        assertThat(otherTag.id()).isEqualTo(first.id());
        assertThat(otherTag.created()).isEqualTo(first.created());
        assertThat(otherTag.tags()).extracting(ImageRef::toString).containsExactly("busybox:1.36", "busybox:latest");
        assertThat(children("layers/sha256")).containsExactly(sha256(rootfs).hex());
        assertThat(children("blobs/sha256")).containsExactlyInAnyOrder(first.id().hex(), sha256(rootfs).hex());
        // The rootfs holds one FIFO: one mknod means it was unpacked once.
        assertThat(syscalls.calls("mknod")).hasSize(mknods).hasSize(1);
        assertThat(store.list()).hasSize(1);
    }

    @Test
    void anotherConfigMakesAnotherImageOnTheSameLayer() throws IOException {
        Image sh = importTar(rootfs, "busybox:sh");
        Image web = importTar(rootfs, "busybox:web",
                ImageConfig.defaults(null).withChanges(List.of("CMD [\"httpd\", \"-f\"]")));

        assertThat(web.id()).isNotEqualTo(sh.id());
        assertThat(web.config().cmd()).containsExactly("httpd", "-f");
        assertThat(web.layerDirs()).isEqualTo(sh.layerDirs());
        assertThat(children("layers/sha256")).hasSize(1);
    }

    @Test
    void reimportingToATagMovesItAndKeepsTheOldImageUntagged() {
        Image old = importTar(rootfs, "app:1");
        Image updated = importTar(TarBuilder.rootfs().file("etc/version", "2").build(), "app:1");

        assertThat(store.find("app:1")).map(Image::id).contains(updated.id());
        assertThat(store.find(old.id().toString())).hasValueSatisfying(image -> assertThat(image.tags()).isEmpty());
        assertThat(store.list()).extracting(Image::id).containsExactly(updated.id(), old.id());
    }

    @Test
    void concurrentImportsOfOneTarUnpackItOnce() throws Exception {
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Image>> imports = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                String tag = "busybox:t" + i;
                imports.add(pool.submit(() -> {
                    start.await();
                    return importTar(rootfs, tag);
                }));
            }
            start.countDown();
            List<Digest> ids = new ArrayList<>();
            for (Future<Image> result : imports) {
                ids.add(result.get().id());
            }

            assertThat(ids).containsOnly(ids.getFirst());
            assertThat(children("layers/sha256")).containsExactly(sha256(rootfs).hex());
            assertThat(syscalls.calls("mknod")).hasSize(1);
            assertThat(store.find("busybox:t0").orElseThrow().tags()).hasSize(threads);
            assertThat(children("tmp")).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void acceptsARootfsThatHoldsOnlyAUsualTopLevelDirectoryOrOneFile() {
        assertThat(importTar(new TarBuilder().dir("usr", 0755).file("usr/hello", "hi").build(), "only-usr").id())
                .isNotNull();
        assertThat(importTar(new TarBuilder().file("hello", "static binary", 0755).build(), "only-file").id())
                .isNotNull();
    }

    // --- refusals ----------------------------------------------------------------------------------------------

    static Stream<Arguments> refusedUploads() {
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        garbage[0] = 'x';
        byte[] gzipGarbage = Arrays.copyOf(new byte[] {(byte) 0x1f, (byte) 0x8b, 8, 0}, 600);
        Arrays.fill(gzipGarbage, 10, 600, (byte) 0x55);
        byte[] gzipRootfs = TarBuilder.rootfs().gzip();
        return Stream.of(
                Arguments.of("an absolute path", new TarBuilder().dir("bin", 0755).file("/etc/passwd", "x").build(),
                        "entry '/etc/passwd' has an absolute path"),
                Arguments.of("a climb out", new TarBuilder().dir("etc", 0755).file("../../etc/passwd", "x").build(),
                        "entry '../../etc/passwd' escapes the root"),
                Arguments.of("a write through a symlink",
                        new TarBuilder().dir("bin", 0755).symlink("evil", "/etc").file("evil/passwd", "x").build(),
                        "entry 'evil/passwd' would be written through the symlink 'evil'"),
                Arguments.of("a write through the only top-level entry, a symlink",
                        new TarBuilder().symlink("evil", "/etc").file("evil/passwd", "x").build(),
                        "entry 'evil/passwd' would be written through the symlink 'evil'"),
                Arguments.of("a relative symlink out",
                        new TarBuilder().dir("bin", 0755).symlink("evil", "../..").file("evil/x", "x").build(),
                        "entry 'evil/x' would be written through the symlink 'evil'"),
                Arguments.of("a hard link out",
                        new TarBuilder().dir("etc", 0755).hardLink("etc/shadow", "../../etc/shadow").build(),
                        "hard link 'etc/shadow' points to '../../etc/shadow', which escapes the root"),
                Arguments.of("garbage", garbage, "not a tar archive"),
                Arguments.of("text shorter than a header", "hello".getBytes(StandardCharsets.UTF_8),
                        "not a tar archive: 5 bytes, shorter than one 512-byte tar header"),
                Arguments.of("an empty upload", new byte[0], "not a tar archive: the upload is empty"),
                Arguments.of("an empty archive", new TarBuilder().build(), "not a rootfs: the archive is empty"),
                Arguments.of("an archive of only its root", new TarBuilder().dir("./", 0755).build(),
                        "not a rootfs: the archive is empty"),
                Arguments.of("a rootfs wrapped in a directory",
                        new TarBuilder().dir("rootfs", 0755).dir("rootfs/bin", 0755)
                                .file("rootfs/bin/sh", "x").build(),
                        "every entry is under the directory 'rootfs/'; make the tar from inside it, with"
                                + " `tar -C rootfs -cf rootfs.tar .`"),
                Arguments.of("gzip garbage", gzipGarbage, "not a tar archive: corrupt or truncated gzip data"),
                Arguments.of("truncated gzip", Arrays.copyOf(gzipRootfs, gzipRootfs.length / 2),
                        "not a tar archive: corrupt or truncated gzip data"),
                Arguments.of("xz", new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 1, 2},
                        "not a tar archive: it is xz-compressed"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedUploads")
    void aRefusedImportLeavesNothingBehind(String what, byte[] upload, String message) throws IOException {
        Image kept = importTar(rootfs, "busybox:latest");

        assertThatThrownBy(() -> importTar(upload, "busybox:latest"))
                .isInstanceOf(InvalidLayerException.class)
                .hasMessageContaining(message);

        assertThat(children("tmp")).isEmpty();
        assertThat(children("layers/sha256")).containsExactly(sha256(rootfs).hex());
        assertThat(children("blobs/sha256")).containsExactlyInAnyOrder(kept.id().hex(), sha256(rootfs).hex());
        assertThat(store.list()).extracting(Image::id).containsExactly(kept.id());
        assertThat(store.find("busybox:latest")).map(Image::id).contains(kept.id());
        assertThat(open().list()).extracting(Image::id).containsExactly(kept.id());
    }

    @Test
    void aRefusedImportIntoAnEmptyStoreLeavesItEmpty() throws IOException {
        assertThatThrownBy(() -> importTar(new TarBuilder().dir("bin", 0755).symlink("evil", "/etc")
                .file("evil/passwd", "x").build(), "evil"))
                .isInstanceOf(InvalidLayerException.class);

        assertThat(children("tmp")).isEmpty();
        assertThat(children("layers/sha256")).isEmpty();
        assertThat(children("blobs/sha256")).isEmpty();
        assertThat(root.resolve("repositories.json")).doesNotExist();
        assertThat(store.list()).isEmpty();
    }

    // --- find --------------------------------------------------------------------------------------------------

    @Test
    void findsByNameTagFullIdBareIdAndPrefix() {
        Image image = importTar(rootfs, "busybox:latest");
        String hex = image.id().hex();

        for (String reference : List.of("busybox", "busybox:latest", image.id().toString(), hex,
                hex.substring(0, 12), "sha256:" + hex.substring(0, 20))) {
            assertThat(store.find(reference)).as(reference).map(Image::id).contains(image.id());
        }
        assertThat(store.find("busybox:1.0")).isEmpty();
        assertThat(store.find("alpine")).isEmpty();
        // Eleven digits are too few for an id prefix: they read as a name.
        assertThat(store.find(hex.substring(0, 11))).isEmpty();
        assertThatThrownBy(() -> store.find("BusyBox")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.find("sha256:xyz")).isInstanceOf(IllegalArgumentException.class);
    }

    // --- remove ------------------------------------------------------------------------------------------------

    @Test
    void removingOneOfTwoTagsOnlyUntags() throws IOException {
        Image image = importTar(rootfs, "busybox:latest");
        importTar(rootfs, "busybox:1.36");

        List<ImageRemoval> removals = store.remove("busybox:1.36", false, id -> true);

        assertThat(removals).containsExactly(ImageRemoval.untagged(ImageRef.parse("busybox:1.36")));
        assertThat(store.find("busybox:1.36")).isEmpty();
        assertThat(store.find("busybox:latest")).map(Image::id).contains(image.id());
        assertThat(children("layers/sha256")).hasSize(1);
    }

    @Test
    void removingTheLastTagDeletesTheImageAndItsLayer() throws IOException {
        Image image = importTar(rootfs, "busybox:latest");

        List<ImageRemoval> removals = store.remove("busybox", false, UNUSED);

        assertThat(removals).containsExactly(ImageRemoval.untagged(ImageRef.parse("busybox:latest")),
                ImageRemoval.deleted(image.id()));
        assertThat(removals).extracting(ImageRemoval::key, ImageRemoval::value).containsExactly(
                org.assertj.core.groups.Tuple.tuple("untagged", "busybox:latest"),
                org.assertj.core.groups.Tuple.tuple("deleted", image.id().toString()));
        assertThat(store.list()).isEmpty();
        assertThat(children("layers/sha256")).isEmpty();
        assertThat(children("blobs/sha256")).isEmpty();
        assertThat(children("tmp")).isEmpty();
        assertThat(JSON.readTree(Files.readAllBytes(root.resolve("repositories.json"))).properties()).isEmpty();
    }

    @Test
    void aLayerStaysWhileAnotherImageUsesIt() throws IOException {
        Image sh = importTar(rootfs, "busybox:sh");
        Image web = importTar(rootfs, "busybox:web", ImageConfig.defaults(List.of("httpd")));

        store.remove("busybox:sh", false, UNUSED);
        assertThat(children("layers/sha256")).containsExactly(sha256(rootfs).hex());
        assertThat(children("blobs/sha256")).containsExactlyInAnyOrder(web.id().hex(), sha256(rootfs).hex());

        store.remove(web.id().hex().substring(0, 12), false, UNUSED);
        assertThat(children("layers/sha256")).isEmpty();
        assertThat(children("blobs/sha256")).isEmpty();
        assertThat(sh.id()).isNotEqualTo(web.id());
    }

    @Test
    void removingByIdAnImageWithSeveralTagsNeedsForce() {
        Image image = importTar(rootfs, "busybox:latest");
        importTar(rootfs, "busybox:1.36");

        assertThatThrownBy(() -> store.remove(image.id().toString(), false, UNUSED))
                .isInstanceOf(ImageHasTagsException.class)
                .hasMessageContaining("busybox:1.36").hasMessageContaining("busybox:latest");
        assertThat(store.find(image.id().toString())).isPresent();

        assertThat(store.remove(image.id().toString(), true, UNUSED)).containsExactly(
                ImageRemoval.untagged(ImageRef.parse("busybox:1.36")),
                ImageRemoval.untagged(ImageRef.parse("busybox:latest")),
                ImageRemoval.deleted(image.id()));
        assertThat(store.list()).isEmpty();
    }

    @Test
    void anImageAContainerUsesIsNeverDeletedEvenWithForce() throws IOException {
        Image image = importTar(rootfs, "busybox:latest");
        List<Digest> asked = new ArrayList<>();
        Predicate<Digest> used = id -> asked.add(id);

        for (boolean force : new boolean[] {false, true}) {
            assertThatThrownBy(() -> store.remove("busybox:latest", force, used))
                    .isInstanceOf(ImageInUseException.class)
                    .hasMessage("image busybox:latest (" + image.id() + ") is used by a container");
        }
        assertThatThrownBy(() -> store.remove(image.id().toString(), true, used))
                .isInstanceOf(ImageInUseException.class);

        assertThat(asked).containsOnly(image.id());
        assertThat(store.find("busybox:latest")).isPresent();
        assertThat(children("layers/sha256")).hasSize(1);
        assertThat(open().find("busybox:latest")).isPresent();
    }

    @Test
    void removingWhatDoesNotExistSaysSo() {
        assertThatThrownBy(() -> store.remove("nothing:here", false, UNUSED))
                .isInstanceOf(NoSuchImageException.class)
                .hasMessage("no such image: nothing:here");
    }

    @Test
    void pruneDeletesUntaggedImagesNoContainerUses() throws IOException {
        Image first = importTar(rootfs, "app:1");
        Image second = importTar(TarBuilder.rootfs().file("etc/version", "2").build(), "app:1");
        Image third = importTar(TarBuilder.rootfs().file("etc/version", "3").build(), "app:1");

        List<ImageRemoval> pruned = store.pruneUntagged(id -> id.equals(second.id()));

        assertThat(pruned).containsExactly(ImageRemoval.deleted(first.id()));
        assertThat(store.list()).extracting(Image::id).containsExactly(third.id(), second.id());
        assertThat(children("layers/sha256")).hasSize(2).doesNotContain(first.layers().getFirst().hex());
    }

    // --- restart -----------------------------------------------------------------------------------------------

    @Test
    void aNewStoreOnTheSameDirectorySeesTheSameImages() {
        importTar(rootfs, "busybox:latest");
        importTar(rootfs, "busybox:1.36");
        importTar(rootfs, "web", ImageConfig.defaults(null).withChanges(List.of("ENTRYPOINT [\"httpd\"]")));
        importTar(TarBuilder.rootfs().file("etc/version", "2").build(), "web");
        List<Image> before = store.list();

        LocalImageStore restarted = open();

        assertThat(restarted.list()).isEqualTo(before);
        assertThat(restarted.find("busybox:1.36")).isEqualTo(store.find("busybox:1.36"));
    }

    @Test
    void startUpClearsTmpAndDeletesWhatNoImageUses() throws IOException {
        Image image = importTar(rootfs, "busybox:latest");
        Path leftover = Files.createDirectories(root.resolve("tmp/import-123/rootfs/bin"));
        Files.writeString(leftover.resolve("sh"), "half an import");
        String orphan = "a".repeat(64);
        Files.createDirectories(root.resolve("layers/sha256/" + orphan + "/etc"));
        Files.writeString(root.resolve("blobs/sha256/" + orphan), "orphan");

        LocalImageStore restarted = open();

        assertThat(children("tmp")).isEmpty();
        assertThat(children("layers/sha256")).containsExactly(sha256(rootfs).hex());
        assertThat(children("blobs/sha256")).containsExactlyInAnyOrder(image.id().hex(), sha256(rootfs).hex());
        assertThat(restarted.find("busybox")).isPresent();
    }

    @Test
    void startUpDropsAnImageWhoseLayerIsGone() throws IOException {
        Image image = importTar(rootfs, "busybox:latest");
        FileTrees.delete(image.layerDirs().getFirst());

        LocalImageStore restarted = open();

        assertThat(restarted.list()).isEmpty();
        assertThat(restarted.find("busybox")).isEmpty();
        assertThat(children("blobs/sha256")).isEmpty();
    }

    @Test
    void aCorruptCatalogStopsStartUpInsteadOfDeletingLayers() throws IOException {
        importTar(rootfs, "busybox:latest");
        Files.writeString(root.resolve("images.json"), "{\"sha256:");

        assertThatThrownBy(this::open)
                .isInstanceOf(ImageException.class)
                .hasMessageContaining("images.json is corrupt");
        assertThat(children("layers/sha256")).containsExactly(sha256(rootfs).hex());
    }

    @Test
    void repositoriesJsonMapsTagsToImageIds() throws IOException {
        Image image = importTar(rootfs, "registry.local:5000/team/app:1.2");

        JsonNode repositories = JSON.readTree(Files.readAllBytes(root.resolve("repositories.json")));

        assertThat(repositories.path("registry.local:5000/team/app:1.2").asString())
                .isEqualTo(image.id().toString());
    }

    @Test
    void setsOwnersThroughTheGivenSyscallsBeforeTheLayerMovesIntoPlace() {
        importTar(rootfs, "busybox");

        assertThat(syscalls.calls("lchown")).anySatisfy(call -> assertThat(call)
                .startsWith("lchown(" + root.resolve("tmp"))
                .endsWith("/rootfs/home/user, 1000, 1000)"));
    }
}
