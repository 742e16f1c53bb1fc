package dev.berth.registry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** skopeo, a standard client, pushes to the registry, pulls from it, inspects, lists and deletes. */
class SkopeoIT extends RegistryIT {
    @TempDir
    Path work;

    @Test
    void anImageGoesInAndComesBackByteForByte() throws IOException {
        TestImages.Image image = TestImages.ociImage(Map.of("etc/motd", "hello from berth\n", "bin/tool",
                "#!/bin/sh\necho tool\n"));
        Path source = work.resolve("source");
        TestImages.writeLayout(source, image, "v1");
        String target = "docker://127.0.0.1:" + port + "/skopeo/app";

        Skopeo.run("copy", "--preserve-digests", "--dest-tls-verify=false", "oci:" + source + ":v1",
                target + ":v1");
        Path back = work.resolve("back");
        Skopeo.run("copy", "--preserve-digests", "--src-tls-verify=false", target + ":v1", "oci:" + back + ":v1");

        JsonNode index = V2Client.JSON.readTree(Files.readAllBytes(back.resolve("index.json")));
        assertThat(index.path("manifests").path(0).path("digest").asString()).isEqualTo(image.digest());
        assertThat(blobsOf(back)).isEqualTo(blobsOf(source))
                .contains(image.digest(), image.configDigest(), image.layerDigest(0));
        for (String digest : blobsOf(source)) {
            Path name = Path.of("blobs/sha256", digest.substring("sha256:".length()));
            assertThat(back.resolve(name)).hasSameBinaryContentAs(source.resolve(name));
        }
        assertThat(blobFile(image.layerDigest(0))).hasBinaryContent(image.layers().get(0));
    }

    @Test
    void inspectListTagsAndDelete() throws IOException {
        TestImages.Image image = TestImages.ociImage(Map.of("inspect.txt", "inspected\n"));
        Path source = work.resolve("source");
        TestImages.writeLayout(source, image, "v1");
        String repository = "docker://127.0.0.1:" + port + "/skopeo/inspected";
        Skopeo.run("copy", "--dest-tls-verify=false", "oci:" + source + ":v1", repository + ":v1");
        Skopeo.run("copy", "--dest-tls-verify=false", "oci:" + source + ":v1", repository + ":v2");

        JsonNode inspected = V2Client.JSON.readTree(Skopeo.run("inspect", "--tls-verify=false",
                repository + ":v1"));
        String raw = Skopeo.run("inspect", "--raw", "--tls-verify=false", repository + ":v1");
        JsonNode tags = V2Client.JSON.readTree(Skopeo.run("list-tags", "--tls-verify=false", repository));

        assertThat(inspected.path("Digest").asString()).isEqualTo(image.digest());
        assertThat(V2Client.texts(inspected.path("Layers"))).containsExactly(image.layerDigest(0));
        assertThat(inspected.path("Architecture").asString()).isEqualTo("amd64");
        assertThat(raw).isEqualTo(new String(image.manifest(), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(V2Client.texts(tags.path("Tags"))).containsExactly("v1", "v2");

        Skopeo.run("delete", "--tls-verify=false", repository + ":v1");

        // skopeo deletes by digest: the manifest goes, and with it every tag that named it.
        assertThat(registry.get("/v2/skopeo/inspected/manifests/v1").errorCode()).isEqualTo("MANIFEST_UNKNOWN");
        assertThat(registry.get("/v2/skopeo/inspected/manifests/" + image.digest()).status()).isEqualTo(404);
        assertThat(V2Client.texts(registry.get("/v2/skopeo/inspected/tags/list").json().path("tags"))).isEmpty();
        assertThat(Skopeo.attempt("inspect", "--tls-verify=false", repository + ":v2").exitCode()).isNotZero();
    }

    @Test
    void dockerSchema2ImagesAreStoredAsSuch() throws IOException {
        TestImages.Image image = TestImages.ociImage(Map.of("docker.txt", "converted\n"));
        Path source = work.resolve("source");
        TestImages.writeLayout(source, image, "v1");
        String repository = "docker://127.0.0.1:" + port + "/skopeo/docker-format";

        Skopeo.run("copy", "--format", "v2s2", "--dest-tls-verify=false", "oci:" + source + ":v1",
                repository + ":v1");

        V2Client.Response manifest = registry.get("/v2/skopeo/docker-format/manifests/v1",
                "Accept", TestImages.DOCKER_MANIFEST);
        assertThat(manifest.status()).isEqualTo(200);
        assertThat(manifest.header("Content-Type")).isEqualTo(TestImages.DOCKER_MANIFEST);
        assertThat(manifest.header("Docker-Content-Digest")).isEqualTo(V2Client.digest(manifest.body()));
        JsonNode inspected = V2Client.JSON.readTree(Skopeo.run("inspect", "--tls-verify=false",
                repository + ":v1"));
        assertThat(inspected.path("Digest").asString()).isEqualTo(V2Client.digest(manifest.body()));
        Skopeo.run("copy", "--src-tls-verify=false", repository + ":v1", "dir:" + work.resolve("pulled"));
        assertThat(work.resolve("pulled/manifest.json")).hasBinaryContent(manifest.body());
    }

    private static Set<String> blobsOf(Path layout) throws IOException {
        try (Stream<Path> files = Files.list(layout.resolve("blobs/sha256"))) {
            return files.map(file -> "sha256:" + file.getFileName()).collect(Collectors.toSet());
        }
    }
}
