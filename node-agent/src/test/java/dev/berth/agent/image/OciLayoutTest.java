package dev.berth.agent.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.agent.linux.OpenFlags;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Images written as an OCI image layout tar and read back, and archives crafted to be refused. */
@Timeout(60)
class OciLayoutTest {
    private static final Instant START = Instant.parse("2026-01-02T03:04:05Z");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path temp;

    private final RecordingFileSyscalls syscalls = new RecordingFileSyscalls();
    private LocalImageStore source;
    private LocalImageStore target;
    private Image base;
    private Image committed;

    @BeforeEach
    void setUp() throws IOException {
        source = new LocalImageStore(temp.resolve("source"), syscalls, new TickingClock(START));
        target = new LocalImageStore(temp.resolve("target"), syscalls, new TickingClock(START.plusSeconds(3600)));
        base = source.importRootfs(new ByteArrayInputStream(TarBuilder.rootfs().build()), ImageRef.parse("base:1"));
        byte[] layer = new TarBuilder().dir("etc", 0755).file("etc/.wh.passwd", "").file("srv/a", "a\n").build();
        committed = source.commit(base.id(), out -> out.write(layer), base.config().withChanges(List.of("CMD [\"a\"]")),
                "touch /srv/a", "", ImageRef.parse("registry.local:5000/team/app:2"));
        Files.createDirectories(temp.resolve("outside"));
    }

    private byte[] save(String... references) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageArchive archive = source.export(List.of(references))) {
            archive.writeTo(out);
        }
        return out.toByteArray();
    }

    private static byte[] content(byte[] tar, String name) throws IOException {
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new ByteArrayInputStream(tar))) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.getName().equals(name)) {
                    return in.readAllBytes();
                }
            }
        }
        throw new AssertionError("no " + name + " in the archive");
    }

    @Test
    void writesAnOciLayoutWhoseBlobsAreNamedByTheirDigests() throws IOException {
        byte[] tar = save("registry.local:5000/team/app:2", "base:1");

        List<String> names = LayerDiffTest.names(tar);
        assertThat(names).startsWith("oci-layout", "blobs/", "blobs/sha256/").contains("index.json",
                "manifest.json", "blobs/sha256/" + committed.id().hex(), "blobs/sha256/" + base.layers().getFirst().hex());
        for (String name : names) {
            if (name.startsWith("blobs/sha256/") && name.length() > "blobs/sha256/".length()) {
                assertThat(Digest.sha256Of(content(tar, name)).hex()).isEqualTo(name.substring(13));
            }
        }
        assertThat(JSON.readTree(content(tar, "oci-layout")).path("imageLayoutVersion").asString()).isEqualTo("1.0.0");
        JsonNode index = JSON.readTree(content(tar, "index.json"));
        assertThat(index.path("manifests")).hasSize(2);
        JsonNode first = index.path("manifests").get(0);
        assertThat(first.path("annotations").path("org.opencontainers.image.ref.name").asString())
                .isEqualTo("registry.local:5000/team/app:2");
        JsonNode manifest = JSON.readTree(content(tar, "blobs/sha256/" + Digest.parse(first.path("digest").asString())
                .hex()));
        assertThat(manifest.path("config").path("digest").asString()).isEqualTo(committed.id().toString());
        assertThat(manifest.path("layers")).hasSize(2);
        assertThat(manifest.path("layers").get(0).path("mediaType").asString())
                .isEqualTo("application/vnd.oci.image.layer.v1.tar");
        JsonNode docker = JSON.readTree(content(tar, "manifest.json"));
        assertThat(docker.get(0).path("RepoTags").get(0).asString()).isEqualTo("registry.local:5000/team/app:2");
        // The shared base layer is written once.
        assertThat(names.stream().filter(n -> n.endsWith(base.layers().getFirst().hex()))).hasSize(1);
        assertThat(save("registry.local:5000/team/app:2", "base:1")).isEqualTo(tar);
    }

    @Test
    void loadingWhatWasSavedGivesTheSameImagesUnderTheSameNames() throws IOException {
        byte[] tar = save("registry.local:5000/team/app:2", base.id().hex().substring(0, 12));

        List<LoadedImage> loaded = target.load(new ByteArrayInputStream(tar));

        assertThat(loaded).containsExactly(
                new LoadedImage(committed.id(), List.of(ImageRef.parse("registry.local:5000/team/app:2"))),
                new LoadedImage(base.id(), List.of()));
        Image app = target.find("registry.local:5000/team/app:2").orElseThrow();
        assertThat(app.layers()).isEqualTo(committed.layers());
        assertThat(app.config()).isEqualTo(committed.config());
        assertThat(target.history("registry.local:5000/team/app:2")).extracting(ImageHistory.Step::createdBy)
                .containsExactly("touch /srv/a", "berth import");
        Path whiteout = app.layerDirs().getFirst().resolve("etc/passwd");
        assertThat((int) Files.getAttribute(whiteout, "unix:mode", LinkOption.NOFOLLOW_LINKS) & OpenFlags.S_IFMT)
                .isEqualTo(OpenFlags.S_IFCHR);
        assertThat(children(temp.resolve("target/tmp"))).isEmpty();
        // Again: nothing new.
        List<String> blobs = children(temp.resolve("target/blobs/sha256"));
        target.load(new ByteArrayInputStream(TarBuilder.gzip(tar)));
        assertThat(children(temp.resolve("target/blobs/sha256"))).isEqualTo(blobs);
    }

    @Test
    void takesDockersNamesAndGzipLayers() throws IOException {
        Archive archive = new Archive();
        archive.gzipLayer = true;
        archive.annotations = Map.of("io.containerd.image.name", "docker.io/library/busybox:latest",
                "org.opencontainers.image.ref.name", "latest");

        List<LoadedImage> loaded = target.load(new ByteArrayInputStream(archive.build()));

        assertThat(loaded.getFirst().tags()).containsExactly(ImageRef.parse("busybox:latest"));
        assertThat(target.find("busybox").orElseThrow().layers()).containsExactly(Digest.sha256Of(archive.layer));
    }

    @Test
    void aSaveOfAnUnknownImageFailsBeforeWriting() {
        assertThatThrownBy(() -> source.export(List.of("base:1", "nosuch:1")))
                .isInstanceOf(NoSuchImageException.class).hasMessageContaining("nosuch:1");
    }

    // --- refused archives -------------------------------------------------------------------------------------

    /** A one-image OCI layout built by hand, each part open to tampering. */
    static final class Archive {
        byte[] layer = new TarBuilder().dir("bin", 0755).file("bin/tool", "#!/bin/sh\n", 0755).build();
        boolean gzipLayer;
        String layerMediaType = "application/vnd.oci.image.layer.v1.tar";
        long layerSizeDelta;
        String layerName;
        Digest configDiffId;
        boolean withIndex = true;
        Map<String, String> annotations = Map.of("org.opencontainers.image.ref.name", "loaded:1");
        final List<Consumer<TarBuilder>> extra = new ArrayList<>();

        byte[] build() {
            byte[] blob = gzipLayer ? TarBuilder.gzip(layer) : layer;
            Digest blobDigest = Digest.sha256Of(blob);
            OciImageConfig config = OciImageConfig.forImport(START, ImageConfig.defaults(List.of("sh")),
                    configDiffId != null ? configDiffId : Digest.sha256Of(layer));
            byte[] configBytes = config.toJson();
            ObjectNode manifest = JSON.createObjectNode().put("schemaVersion", 2)
                    .put("mediaType", OciLayout.MANIFEST);
            manifest.putObject("config").put("mediaType", OciLayout.CONFIG)
                    .put("digest", Digest.sha256Of(configBytes).toString()).put("size", configBytes.length);
            manifest.putArray("layers").addObject().put("mediaType", layerMediaType)
                    .put("digest", blobDigest.toString()).put("size", blob.length + layerSizeDelta);
            byte[] manifestBytes = JSON.writeValueAsBytes(manifest);
            ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2);
            ObjectNode entry = index.putArray("manifests").addObject().put("mediaType", OciLayout.MANIFEST)
                    .put("digest", Digest.sha256Of(manifestBytes).toString()).put("size", manifestBytes.length);
            annotations.forEach(entry.putObject("annotations")::put);
            TarBuilder tar = new TarBuilder().file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}");
            if (withIndex) {
                tar.file("index.json", JSON.writeValueAsBytes(index), 0644);
            }
            tar.file("blobs/sha256/" + Digest.sha256Of(configBytes).hex(), configBytes, 0644)
                    .file("blobs/sha256/" + Digest.sha256Of(manifestBytes).hex(), manifestBytes, 0644)
                    .file(layerName != null ? layerName : "blobs/sha256/" + blobDigest.hex(), blob, 0644);
            extra.forEach(step -> step.accept(tar));
            return tar.build();
        }
    }

    static Stream<Arguments> refusedArchives() {
        return Stream.of(
                refused("a blob whose content is not its name", a -> a.layerName = "blobs/sha256/" + "ab".repeat(32),
                        "does not match its content"),
                refused("a missing blob", a -> a.layerName = "elsewhere/layer.tar", "is missing from the archive"),
                refused("a blob named after other content", a -> a.extra.add(t -> t.file("blobs/sha256/"
                        + "cd".repeat(32), "not that")), "blob sha256:" + "cd".repeat(32)
                        + " does not match its content"),
                refused("a descriptor that lies about the size", a -> a.layerSizeDelta = 1,
                        "but its descriptor says"),
                refused("a diff id the layer does not have", a -> a.configDiffId = Digest.sha256("ef".repeat(32)),
                        "uncompresses to diff id"),
                refused("a blob that is a symlink", a -> a.extra.add(t -> t.symlink("blobs/sha256/" + "12".repeat(32),
                        "/etc/shadow")), "is a symlink; the blobs of an image archive must be plain files"),
                refused("a hard link to a host file", a -> a.extra.add(t -> t.hardLink("blobs/sha256/"
                        + "34".repeat(32), "/etc/shadow")), "is a hard link"),
                refused("a name that climbs out", a -> a.extra.add(t -> t.file("../../outside/planted", "x")),
                        "escapes the root"),
                refused("an absolute name", a -> a.extra.add(t -> t.file("/tmp/planted", "x")), "absolute path"),
                refused("another digest algorithm", a -> a.extra.add(t -> t.file("blobs/sha512/abc", "x")),
                        "only sha256 is supported"),
                refused("a zstd layer", a -> a.layerMediaType = "application/vnd.oci.image.layer.v1.tar+zstd",
                        "zstd-compressed layers are not supported"),
                refused("no index", a -> a.withIndex = false, "has no index.json"),
                refused("a name that is no name", a -> a.annotations = Map.of("io.containerd.image.name", "UPPER:1"),
                        "index.json names an image 'UPPER:1'"),
                refused("a layer that climbs out", a -> a.layer = new TarBuilder().file("../../../outside/planted",
                        "x").build(), "escapes the root"),
                refused("a layer with a device", a -> a.layer = new TarBuilder().blockDevice("sda", 8, 0).build(),
                        "block device (8:0) outside /dev"),
                refused("a layer that writes through a symlink", a -> a.layer = new TarBuilder()
                        .symlink("evil", "/tmp").file("evil/planted", "x").build(), "through the symlink 'evil'"));
    }

    private static Arguments refused(String what, Consumer<Archive> tamper, String message) {
        return Arguments.of(what, tamper, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedArchives")
    void aRefusedLoadKeepsNothing(String what, Consumer<Archive> tamper, String message) throws IOException {
        Archive archive = new Archive();
        tamper.accept(archive);

        assertThatThrownBy(() -> target.load(new ByteArrayInputStream(archive.build())))
                .isInstanceOf(InvalidLayerException.class)
                .hasMessageContaining(message);
        assertThat(target.list()).isEmpty();
        assertThat(children(temp.resolve("target/blobs/sha256"))).isEmpty();
        assertThat(children(temp.resolve("target/layers/sha256"))).isEmpty();
        assertThat(children(temp.resolve("target/tmp"))).isEmpty();
        assertThat(children(temp.resolve("outside"))).isEmpty();
        assertThat(Path.of("/tmp/planted")).doesNotExist();
    }

    @Test
    void archiveProblemsAreInvalidArchivesAndLayerProblemsInvalidLayers() {
        Archive badBlob = new Archive();
        badBlob.layerSizeDelta = 1;
        Archive badLayer = new Archive();
        badLayer.layer = new TarBuilder().file("../x", "x").build();

        assertThatThrownBy(() -> target.load(new ByteArrayInputStream(badBlob.build())))
                .isInstanceOf(InvalidArchiveException.class);
        assertThatThrownBy(() -> target.load(new ByteArrayInputStream(badLayer.build())))
                .isNotInstanceOf(InvalidArchiveException.class).isInstanceOf(InvalidLayerException.class);
    }

    @Test
    void somethingThatIsNotATarIsRefused() {
        byte[] text = "this is not an image archive\n".repeat(40).getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> target.load(new ByteArrayInputStream(text)))
                .isInstanceOf(InvalidArchiveException.class).hasMessageContaining("not a tar archive");
    }

    @Test
    void aLayerOverTheLimitIsRefused() throws IOException {
        LocalImageStore small = new LocalImageStore(temp.resolve("small"), syscalls, new TickingClock(START),
                64 * 1024);
        Archive bomb = new Archive();
        bomb.layer = new TarBuilder().file("zeros", new byte[1 << 20], 0644).build();
        bomb.gzipLayer = true;

        assertThatThrownBy(() -> small.load(new ByteArrayInputStream(bomb.build())))
                .isInstanceOf(InvalidLayerException.class).hasMessageContaining("larger than 65536 bytes");
        assertThat(children(temp.resolve("small/blobs/sha256"))).isEmpty();
        assertThat(children(temp.resolve("small/tmp"))).isEmpty();
    }

    private static List<String> children(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).sorted().toList();
        }
    }

}
