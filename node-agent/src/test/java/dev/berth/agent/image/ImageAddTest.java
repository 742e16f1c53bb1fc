package dev.berth.agent.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link ImageStore#add}: images that arrive layer by layer from elsewhere (a registry), and {@code content}. */
@Timeout(60)
class ImageAddTest {
    private static final Instant CREATED = Instant.parse("2026-03-04T05:06:07Z");
    private static final long SMALL = 64 * 1024;

    @TempDir
    Path temp;

    private final RecordingFileSyscalls syscalls = new RecordingFileSyscalls();
    private LocalImageStore store;

    @BeforeEach
    void open() {
        store = new LocalImageStore(temp.resolve("images"), syscalls, new TickingClock(CREATED), SMALL);
    }

    /** A layer blob as a registry would serve it, counting how often it is opened. */
    private static final class Layer implements IncomingLayer {
        final byte[] blob;
        final Digest diffId;
        final AtomicInteger opened = new AtomicInteger();
        String refusal;
        CountDownLatch openedLatch = new CountDownLatch(1);
        CountDownLatch release;

        Layer(byte[] tar, boolean gzip) {
            this.blob = gzip ? TarBuilder.gzip(tar) : tar;
            this.diffId = Digest.sha256Of(tar);
        }

        Layer(byte[] blob, Digest diffId) {
            this.blob = blob;
            this.diffId = diffId;
        }

        @Override
        public Digest diffId() {
            return diffId;
        }

        @Override
        public InputStream open() {
            opened.incrementAndGet();
            openedLatch.countDown();
            if (release != null) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return new ByteArrayInputStream(blob);
        }

        @Override
        public void verify() {
            if (refusal != null) {
                throw new InvalidLayerException(refusal);
            }
        }
    }

    private static byte[] config(Digest... diffIds) {
        OciImageConfig config = OciImageConfig.forImport(CREATED, ImageConfig.defaults(null), diffIds[0]);
        for (int i = 1; i < diffIds.length; i++) {
            config = OciImageConfig.withLayer(config, ImageConfig.defaults(null), diffIds[i],
                    new OciImageConfig.History(CREATED, "layer " + i, "", false));
        }
        return config.toJson();
    }

    private static Layer base() {
        return new Layer(new TarBuilder().dir("bin", 0755).file("bin/sh", "#!shell\n", 0755).build(), true);
    }

    private static Layer top() {
        return new Layer(new TarBuilder().dir("etc", 0755).file("etc/motd", "pulled\n").build(), false);
    }

    private List<Path> storeFiles() throws IOException {
        try (Stream<Path> files = Files.walk(temp.resolve("images"))) {
            return files.filter(path -> !Files.isDirectory(path) || path.getParent().endsWith("sha256"))
                    .filter(path -> !path.getFileName().toString().endsWith(".json")).sorted().toList();
        }
    }

    @Test
    void addsAnImageWhoseIdIsItsConfigsDigestWithEachLayerUnpackedOnce() {
        Layer base = base();
        Layer top = top();
        byte[] config = config(base.diffId, top.diffId);

        Image image = store.add(config, List.of(base, top), ImageRef.parse("pulled/app:1"));

        assertThat(image.id()).isEqualTo(Digest.sha256Of(config));
        assertThat(image.tags()).containsExactly(ImageRef.parse("pulled/app:1"));
        assertThat(image.layers()).containsExactly(base.diffId, top.diffId);
        // Top layer first, as overlayfs wants its lowerdirs.
        assertThat(image.layerDirs().get(0).resolve("etc/motd")).hasContent("pulled\n");
        assertThat(image.layerDirs().get(1).resolve("bin/sh")).hasContent("#!shell\n");
        assertThat(store.find("pulled/app:1")).map(Image::id).contains(image.id());
        assertThat(base.opened).hasValue(1);
    }

    @Test
    void aLayerTheNodeHasIsNotFetchedAgain() {
        Layer base = base();
        store.add(config(base.diffId), List.of(base), ImageRef.parse("base:1"));
        Layer again = base();
        Layer top = top();

        assertThat(store.hasLayer(base.diffId)).isTrue();
        store.add(config(again.diffId, top.diffId), List.of(again, top), ImageRef.parse("app:1"));

        assertThat(again.opened).hasValue(0);
        assertThat(top.opened).hasValue(1);
    }

    @Test
    void aLayerWhoseBytesAreNotTheBlobAskedForIsRefusedBeforeUnpackingAndNothingIsKept() throws IOException {
        store.add(config(base().diffId), List.of(base()), ImageRef.parse("base:1"));
        List<Path> before = storeFiles();
        Layer base = base();
        Layer top = top();
        top.refusal = "layer blob sha256:abc: got 10 bytes with digest sha256:def";

        assertThatThrownBy(() -> store.add(config(base.diffId, top.diffId), List.of(base, top),
                ImageRef.parse("app:1")))
                .isInstanceOf(InvalidLayerException.class).hasMessage(top.refusal);

        assertThat(store.find("app:1")).isEmpty();
        assertThat(storeFiles()).isEqualTo(before);
        assertThat(syscalls.calls()).noneMatch(call -> call.contains("etc/motd"));
    }

    @Test
    void aLayerWhoseContentIsNotItsDiffIdIsRefused() throws IOException {
        byte[] tar = new TarBuilder().file("motd", "real").build();
        Digest claimed = Digest.sha256Of("something else".getBytes());
        Layer lying = new Layer(tar, claimed);

        assertThatThrownBy(() -> store.add(config(claimed), List.of(lying), ImageRef.parse("liar:1")))
                .isInstanceOf(InvalidLayerException.class)
                .hasMessage("layer " + claimed + ": its uncompressed content has the digest " + Digest.sha256Of(tar)
                        + ", not the diff id the image config gives it");
        assertThat(store.list()).isEmpty();
        assertThat(storeFiles()).isEmpty();
    }

    @Test
    void aHostileLayerIsRefusedAndWritesNothingOutsideOrInside() throws IOException {
        Path outside = Files.createDirectories(temp.resolve("outside"));
        byte[] tar = new TarBuilder().file("fine", "x").file("../../outside/evil", "x").build();
        Layer hostile = new Layer(tar, true);

        assertThatThrownBy(() -> store.add(config(hostile.diffId), List.of(hostile), ImageRef.parse("evil:1")))
                .isInstanceOf(InvalidLayerException.class).hasMessageContaining("escapes the root");

        assertThat(outside).isEmptyDirectory();
        assertThat(storeFiles()).isEmpty();
    }

    @Test
    void aGzipBombStopsAtTheLayerLimit() throws IOException {
        Layer bomb = new Layer(new TarBuilder().file("zeros", new byte[1 << 20], 0644).build(), true);
        assertThat(bomb.blob.length).isLessThan(8 * 1024);

        assertThatThrownBy(() -> store.add(config(bomb.diffId), List.of(bomb), ImageRef.parse("bomb:1")))
                .isInstanceOf(InvalidLayerException.class)
                .hasMessageContaining("larger than 65536 bytes once decompressed");
        assertThat(storeFiles()).isEmpty();
    }

    @Test
    void aConfigThatListsOtherLayersIsRefused() {
        Layer base = base();
        Layer top = top();

        assertThatThrownBy(() -> store.add(config(top.diffId), List.of(base), ImageRef.parse("x:1")))
                .isInstanceOf(InvalidLayerException.class)
                .hasMessageContaining("the image config lists the layers [" + top.diffId + "]");
        assertThat(base.opened).hasValue(0);
    }

    @Test
    void twoAddsOfOneLayerAtOnceFetchItOnce() throws Exception {
        Layer first = top();
        Layer second = top();
        first.release = new CountDownLatch(1);
        byte[] config = config(first.diffId);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Image> a = pool.submit(() -> store.add(config, List.of(first), ImageRef.parse("a:1")));
            first.openedLatch.await();
            Future<Image> b = pool.submit(() -> store.add(config, List.of(second), ImageRef.parse("b:1")));
            first.release.countDown();

            assertThat(a.get().id()).isEqualTo(b.get().id());
        } finally {
            pool.shutdownNow();
        }
        assertThat(first.opened.get() + second.opened.get()).isEqualTo(1);
        assertThat(store.find("b:1")).isPresent();
    }

    @Test
    void contentGivesTheConfigAndEachLayerTarAsStored() throws IOException {
        Layer base = base();
        Layer top = top();
        byte[] config = config(base.diffId, top.diffId);
        store.add(config, List.of(base, top), ImageRef.parse("app:1"));

        try (ImageContent content = store.content("app:1")) {
            assertThat(content.id()).isEqualTo(Digest.sha256Of(config));
            assertThat(content.config()).isEqualTo(config);
            List<Digest> digests = new ArrayList<>();
            for (ImageContent.Layer layer : content.layers()) {
                byte[] tar = layer.open().readAllBytes();
                assertThat(Digest.sha256Of(tar)).isEqualTo(layer.digest());
                assertThat((long) tar.length).isEqualTo(layer.size());
                assertThat(layer.open().readAllBytes()).as("a second read starts over").isEqualTo(tar);
                digests.add(layer.digest());
            }
            assertThat(digests).containsExactly(base.diffId, top.diffId);
        }
        assertThatThrownBy(() -> store.content("missing:1")).isInstanceOf(NoSuchImageException.class);
    }
}
