package dev.berth.agent.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.agent.image.Digest;
import dev.berth.agent.image.Image;
import dev.berth.agent.image.InvalidLayerException;
import dev.berth.agent.image.LocalImageStore;
import dev.berth.agent.image.RecordingFileSyscalls;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

/** Pulls and pushes against a registry that can be made to lie. */
@Timeout(60)
class ImagePullerTest {
    @TempDir
    Path temp;

    private FakeRegistry registry;
    private Registries registries;
    private LocalImageStore store;
    private final List<Progress> steps = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        registry = new FakeRegistry();
        registries = new Registries(registry.address(), Set.of(), Duration.ofMillis(500));
        store = new LocalImageStore(temp.resolve("images"), new RecordingFileSyscalls());
    }

    @AfterEach
    void stop() {
        registry.close();
        registries.close();
    }

    static byte[] tar(String name, String content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry entry = new TarArchiveEntry(name);
            entry.setSize(bytes.length);
            entry.setMode(0644);
            tar.putArchiveEntry(entry);
            tar.write(bytes);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(content);
        }
        return out.toByteArray();
    }

    static byte[] config(Digest... diffIds) {
        ObjectNode root = FakeRegistry.JSON.createObjectNode();
        root.put("created", "2026-01-01T00:00:00Z");
        root.put("architecture", "amd64");
        root.put("os", "linux");
        root.putObject("config").putArray("Cmd").add("sh");
        ObjectNode rootfs = root.putObject("rootfs");
        rootfs.put("type", "layers");
        Arrays.stream(diffIds).forEach(diffId -> rootfs.withArray("diff_ids").add(diffId.toString()));
        return FakeRegistry.JSON.writeValueAsBytes(root);
    }

    /** An image of two layers, one gzip-compressed and one plain, under repo:tag; returns its layer blobs. */
    private List<Descriptor> pushImage(String repository, String tag, String manifestType) throws IOException {
        byte[] first = tar("motd", "from the registry\n");
        byte[] second = tar("version", "2\n");
        byte[] firstBlob = gzip(first);
        Descriptor a = new Descriptor(MediaTypes.OCI_LAYER_GZIP, registry.putBlob(firstBlob), firstBlob.length);
        Descriptor b = new Descriptor(MediaTypes.OCI_LAYER, registry.putBlob(second), second.length);
        byte[] config = config(Digest.sha256Of(first), Digest.sha256Of(second));
        Descriptor configBlob = new Descriptor(MediaTypes.OCI_CONFIG, registry.putBlob(config), config.length);
        registry.putManifest(repository, tag, manifestType, FakeRegistry.manifest(manifestType, configBlob,
                List.of(a, b)));
        return List.of(a, b);
    }

    private Image pull(String reference) {
        ImagePuller puller = new ImagePuller(registries, store, "amd64");
        return puller.pull(puller.resolve(reference), steps::add);
    }

    private List<Path> storeFiles() throws IOException {
        try (Stream<Path> files = Files.walk(temp.resolve("images"))) {
            return files.filter(Files::isRegularFile).filter(path -> !path.toString().endsWith(".json")).toList();
        }
    }

    @Test
    void pullsAnImageLayerByLayerAndReportsEachStep() throws IOException {
        List<Descriptor> layers = pushImage("team/app", "1", MediaTypes.OCI_MANIFEST);

        Image image = pull("team/app:1");

        assertThat(image.tags()).extracting(Object::toString).containsExactly("team/app:1");
        assertThat(image.layerDirs().get(1).resolve("motd")).hasContent("from the registry\n");
        assertThat(image.layerDirs().get(0).resolve("version")).hasContent("2\n");
        assertThat(image.config().cmd()).containsExactly("sh");
        assertThat(steps.getFirst().status()).isEqualTo("resolved");
        assertThat(steps.getFirst().layers()).extracting(Progress.LayerSize::present).containsExactly(false, false);
        String first = layers.get(0).digest().toString();
        assertThat(steps.stream().filter(step -> first.equals(step.layer())).map(Progress::status).distinct())
                .containsExactly("downloading", "extracting", "complete");
        Progress last = steps.getLast();
        assertThat(last.status()).isEqualTo("pulled");
        assertThat(last.id()).isEqualTo(image.id().toString());
        assertThat(last.reference()).isEqualTo(registry.address() + "/team/app:1");
    }

    @Test
    void aSecondPullFetchesNoLayer() throws IOException {
        List<Descriptor> layers = pushImage("app", "1", MediaTypes.DOCKER_MANIFEST);
        pull("app:1");
        registry.requests.clear();
        steps.clear();

        pull("app:1");

        for (Descriptor layer : layers) {
            assertThat(registry.requests).doesNotContain("GET /v2/app/blobs/" + layer.digest());
        }
        assertThat(steps.getFirst().layers()).extracting(Progress.LayerSize::present).containsExactly(true, true);
        assertThat(steps).noneMatch(step -> step.status().equals("downloading"));
    }

    @Test
    void aBlobWithOtherBytesIsRefusedBeforeItIsUnpackedAndNothingIsKept() throws IOException {
        List<Descriptor> layers = pushImage("app", "1", MediaTypes.OCI_MANIFEST);
        byte[] evil = gzip(tar("motd", "swapped on the way\n"));
        registry.tampered.put(layers.get(0).digest().toString(), original -> Arrays.copyOf(evil, original.length));

        assertThatThrownBy(() -> pull("app:1"))
                .isInstanceOf(InvalidLayerException.class)
                .hasMessageContaining("layer blob " + layers.get(0).digest())
                .hasMessageContaining("but the manifest says " + layers.get(0).size() + " bytes with digest "
                        + layers.get(0).digest());
        assertThat(store.list()).isEmpty();
        assertThat(storeFiles()).isEmpty();
    }

    @Test
    void aBlobCutShortIsRefused() throws IOException {
        List<Descriptor> layers = pushImage("app", "1", MediaTypes.OCI_MANIFEST);
        registry.tampered.put(layers.get(1).digest().toString(), original -> Arrays.copyOf(original, 700));

        assertThatThrownBy(() -> pull("app:1"))
                .isInstanceOf(InvalidLayerException.class)
                .hasMessageContaining("got 700 bytes");
        assertThat(store.list()).isEmpty();
        assertThat(storeFiles()).isEmpty();
    }

    @Test
    void aBlobThatStopsComingIsCutOffAndNothingIsKept() throws IOException {
        List<Descriptor> layers = pushImage("app", "1", MediaTypes.OCI_MANIFEST);
        registry.stalled.add(layers.get(0).digest().toString());
        long started = System.nanoTime();

        assertThatThrownBy(() -> pull("app:1"))
                .hasMessageContaining("no bytes of blob " + layers.get(0).digest() + " from " + registry.address()
                        + "/app for 500 ms (berth.agent.registry.read-timeout)");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        assertThat(store.list()).isEmpty();
        assertThat(storeFiles()).isEmpty();
    }

    @Test
    void anIndexGivesThisNodesPlatform() throws IOException {
        pushImage("multi", "amd64-only", MediaTypes.OCI_MANIFEST);
        byte[] amd64 = registry.manifests.get("multi:amd64-only").getValue();
        ObjectNode index = FakeRegistry.JSON.createObjectNode();
        index.put("schemaVersion", 2);
        index.put("mediaType", MediaTypes.OCI_INDEX);
        ObjectNode arm = index.withArray("manifests").addObject();
        arm.put("mediaType", MediaTypes.OCI_MANIFEST);
        arm.put("digest", "sha256:" + "a".repeat(64));
        arm.put("size", 10);
        arm.putObject("platform").put("os", "linux").put("architecture", "arm64");
        ObjectNode x86 = FakeRegistry.descriptor(new Descriptor(MediaTypes.OCI_MANIFEST, Digest.sha256Of(amd64),
                amd64.length));
        x86.putObject("platform").put("os", "linux").put("architecture", "amd64");
        index.withArray("manifests").add(x86);
        registry.putManifest("multi", "1", MediaTypes.OCI_INDEX, FakeRegistry.JSON.writeValueAsBytes(index));

        Image image = pull("multi:1");

        assertThat(steps.getLast().digest()).isEqualTo(Digest.sha256Of(amd64).toString());
        assertThat(image.layerDirs()).hasSize(2);
        ImagePuller armNode = new ImagePuller(registries, store, "s390x");
        assertThatThrownBy(() -> armNode.resolve("multi:1")).isInstanceOf(RegistryException.class)
                .hasMessageContaining("has no image for linux/s390x; it has linux/arm64, linux/amd64");
    }

    @Test
    void layersOfAKindTheStoreCannotTakeAreRefusedBeforeAnyIsFetched() throws IOException {
        byte[] config = config(Digest.sha256Of(new byte[1]));
        Descriptor configBlob = new Descriptor(MediaTypes.OCI_CONFIG, registry.putBlob(config), config.length);
        Descriptor zstd = new Descriptor("application/vnd.oci.image.layer.v1.tar+zstd",
                registry.putBlob(new byte[] {1}), 1);
        registry.putManifest("z", "1", MediaTypes.OCI_MANIFEST,
                FakeRegistry.manifest(MediaTypes.OCI_MANIFEST, configBlob, List.of(zstd)));

        assertThatThrownBy(() -> new ImagePuller(registries, store, "amd64").resolve("z:1"))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("is application/vnd.oci.image.layer.v1.tar+zstd; Berth takes plain and gzip");
        assertThat(registry.requests).noneMatch(request -> request.endsWith(zstd.digest().toString()));
    }

    @Test
    void anUnknownImageIsNotFound() {
        assertThatThrownBy(() -> new ImagePuller(registries, store, "amd64").resolve("nothing:here"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.notFound()).isTrue())
                .hasMessageContaining("MANIFEST_UNKNOWN");
    }

    @Test
    void aManifestFetchedByDigestMustHaveThatDigest() throws IOException {
        pushImage("app", "1", MediaTypes.OCI_MANIFEST);
        String wrong = "sha256:" + "b".repeat(64);
        registry.manifests.put("app:" + wrong, registry.manifests.get("app:1"));

        assertThatThrownBy(() -> new ImagePuller(registries, store, "amd64").resolve("app@" + wrong))
                .isInstanceOf(RegistryException.class)
                .hasMessageContaining("the registry sent a manifest whose digest is");
    }

    @Test
    void aPushSendsEachLayerAndTheConfigOnceThenTheManifest() throws IOException {
        pushImage("source", "1", MediaTypes.OCI_MANIFEST);
        Image image = pull("source:1");
        registry.requests.clear();
        ImagePusher pusher = new ImagePusher(registries, store);
        store.tag(image.id().toString(), dev.berth.agent.image.ImageRef.parse("copy/app:2"));

        Digest manifest = pusher.push("copy/app:2", steps::add);

        byte[] sent = registry.manifests.get("copy/app:2").getValue();
        assertThat(Digest.sha256Of(sent)).isEqualTo(manifest);
        assertThat(registry.manifests.get("copy/app:2").getKey()).isEqualTo(MediaTypes.OCI_MANIFEST);
        var parsed = FakeRegistry.JSON.readTree(sent);
        assertThat(parsed.path("config").path("digest").asString()).isEqualTo(image.id().toString());
        List<String> layerDigests = new ArrayList<>();
        parsed.path("layers").values().forEach(layer -> {
            layerDigests.add(layer.path("digest").asString());
            assertThat(layer.path("mediaType").asString()).isEqualTo(MediaTypes.OCI_LAYER);
            assertThat(registry.blobs.get(layer.path("digest").asString())).hasSize(layer.path("size").asInt());
        });
        assertThat(layerDigests).containsExactlyElementsOf(image.layers().stream().map(Digest::toString).toList());
        // The registry keeps blobs across repositories, like one that mounts them: the plain layer and the config
        // are there already. The gzip one was stored uncompressed, so it goes as a new blob.
        assertThat(registry.requests.stream().filter(request -> request.startsWith("PUT /v2/copy/app/blobs/uploads/")))
                .singleElement().asString().endsWith("?_state=x&digest=" + image.layers().getFirst());
        assertThat(steps.stream().filter(step -> step.status().equals("exists")).map(Progress::layer))
                .containsExactly(image.layers().get(1).toString());

        // Again: the registry has every blob, so only the manifest goes.
        registry.requests.clear();
        steps.clear();
        pusher.push("copy/app:2", steps::add);
        assertThat(registry.requests).noneMatch(request -> request.startsWith("POST") || request.contains("uploads"));
        assertThat(steps.stream().filter(step -> step.status().equals("exists"))).hasSize(2);

        // And the image comes back from the copy the same.
        LocalImageStore clean = new LocalImageStore(temp.resolve("clean"), new RecordingFileSyscalls());
        ImagePuller puller = new ImagePuller(registries, clean, "amd64");
        assertThat(puller.pull(puller.resolve("copy/app:2"), step -> { }).id()).isEqualTo(image.id());
    }

    @Test
    void aRegistryThatAsksForATokenGetsOneFromItsRealmForTheCredentialsAndNeverSeesThem() throws IOException {
        pushImage("private/app", "1", MediaTypes.OCI_MANIFEST);
        registry.requireTokens("ci", "s3cret");
        RegistryCredentials credentials = new RegistryCredentials("ci", "s3cret");
        ImagePuller puller = new ImagePuller(registries, store, "amd64");

        Image image = puller.pull(puller.resolve("private/app:1", credentials), steps::add);

        assertThat(image.layerDirs().get(1).resolve("motd")).hasContent("from the registry\n");
        assertThat(registry.tokenRequests).isNotEmpty().allMatch(credentials.basic()::equals);
        assertThat(registry.authorizations).noneMatch(authorization -> authorization.startsWith("Basic"))
                .contains("Bearer granted.repository.private/app.pull");

        // A push needs a token for push too: the registry asks again, and the realm gives one.
        store.tag(image.id().toString(), dev.berth.agent.image.ImageRef.parse("private/copy:2"));
        Digest manifest = new ImagePusher(registries, store).push("private/copy:2", credentials, steps::add);

        assertThat(Digest.sha256Of(registry.manifests.get("private/copy:2").getValue())).isEqualTo(manifest);
        assertThat(registry.authorizations).contains("Bearer granted.repository.private/copy.pull,push");
    }

    @Test
    void aRegistryThatAsksForCredentialsWhenNoneWereGivenIsAClearRefusalAndNothingIsKept() throws IOException {
        pushImage("private/app", "1", MediaTypes.OCI_MANIFEST);
        registry.requireTokens("ci", "s3cret");

        assertThatThrownBy(() -> pull("private/app:1"))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("registry " + registry.address() + " requires credentials, and none were"
                        + " given");
        assertThat(storeFiles()).isEmpty();
        assertThat(registry.tokenRequests).allMatch("none"::equals);
    }

    @Test
    void credentialsTheRealmRefusesAreSaidToBeRefused() throws IOException {
        pushImage("private/app", "1", MediaTypes.OCI_MANIFEST);
        registry.requireTokens("ci", "s3cret");
        ImagePuller puller = new ImagePuller(registries, store, "amd64");

        assertThatThrownBy(() -> puller.resolve("private/app:1", new RegistryCredentials("ci", "wrong")))
                .isInstanceOfSatisfying(RegistryException.class, e -> assertThat(e.status()).isEqualTo(401))
                .hasMessageContaining("refused the credentials given for it");
    }
}
