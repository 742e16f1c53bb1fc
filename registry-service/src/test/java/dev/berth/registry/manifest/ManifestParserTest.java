package dev.berth.registry.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.registry.ErrorCode;
import dev.berth.registry.RegistryException;
import dev.berth.registry.oci.Digest;
import dev.berth.registry.oci.MediaTypes;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ManifestParserTest {
    private static final String CONFIG = "sha256:" + "c".repeat(64);
    private static final String LAYER = "sha256:" + "1".repeat(64);
    private static final String FOREIGN = "sha256:" + "f".repeat(64);
    private static final String CHILD = "sha256:" + "d".repeat(64);
    private static final String SUBJECT = "sha256:" + "5".repeat(64);

    private final ManifestParser parser = new ManifestParser(JsonMapper.builder().build());

    @Test
    void readsAnOciImageManifest() {
        String json = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"%s","size":100},
                 "layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"%s","size":2000}],
                 "annotations":{"org.opencontainers.image.title":"app"}}
                """.formatted(CONFIG, LAYER);

        ParsedManifest manifest = parse(json, MediaTypes.OCI_MANIFEST);

        assertThat(manifest.mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(manifest.digest()).isEqualTo(Digest.sha256Of(json.getBytes(StandardCharsets.UTF_8)));
        assertThat(manifest.content()).isEqualTo(json.getBytes(StandardCharsets.UTF_8));
        assertThat(manifest.isIndex()).isFalse();
        assertThat(manifest.requiredBlobs()).extracting(d -> d.digest().toString()).containsExactly(CONFIG, LAYER);
        assertThat(manifest.imageSize()).isEqualTo(2100);
        assertThat(manifest.artifactType()).isEqualTo("application/vnd.oci.image.config.v1+json");
        assertThat(manifest.annotations()).containsEntry("org.opencontainers.image.title", "app");
        assertThat(manifest.subject()).isNull();
    }

    @Test
    void readsADockerManifestWhoseTypeIsOnlyInItsBody() {
        String json = """
                {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
                 "config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":"%s","size":7},
                 "layers":[
                   {"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","digest":"%s","size":9},
                   {"mediaType":"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip","digest":"%s",
                    "size":11,"urls":["https://example.invalid/layer"]}]}
                """.formatted(CONFIG, LAYER, FOREIGN);

        ParsedManifest manifest = parse(json, null);

        assertThat(manifest.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        // A foreign layer lives elsewhere: the registry does not ask for it.
        assertThat(manifest.requiredBlobs()).extracting(d -> d.digest().toString()).containsExactly(CONFIG, LAYER);
        assertThat(manifest.layers()).hasSize(2);
        assertThat(manifest.layers().get(1).urls()).containsExactly("https://example.invalid/layer");
        assertThat(manifest.imageSize()).isEqualTo(27);
    }

    @Test
    void readsAnIndexAndAManifestList() {
        String oci = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[
                  {"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":500,
                   "platform":{"architecture":"amd64","os":"linux"}}]}
                """.formatted(CHILD);
        String docker = """
                {"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.list.v2+json",
                 "manifests":[{"mediaType":"application/vnd.docker.distribution.manifest.v2+json",
                   "digest":"%s","size":500}]}
                """.formatted(CHILD);

        ParsedManifest index = parse(oci, "application/vnd.oci.image.index.v1+json; charset=utf-8");
        ParsedManifest list = parse(docker, "application/json");

        assertThat(index.isIndex()).isTrue();
        assertThat(index.children()).extracting(d -> d.digest().toString()).containsExactly(CHILD);
        assertThat(index.requiredBlobs()).isEmpty();
        assertThat(list.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST_LIST);
        assertThat(list.children()).hasSize(1);
    }

    @Test
    void readsAnArtifactWithASubject() {
        String json = """
                {"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json",
                 "artifactType":"application/vnd.example.sbom",
                 "config":{"mediaType":"application/vnd.oci.empty.v1+json","digest":"%s","size":2},
                 "layers":[],
                 "subject":{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"%s","size":300}}
                """.formatted(CONFIG, SUBJECT);

        ParsedManifest manifest = parse(json, MediaTypes.OCI_MANIFEST);

        assertThat(manifest.artifactType()).isEqualTo("application/vnd.example.sbom");
        assertThat(manifest.subject()).isNotNull();
        assertThat(manifest.subject().digest().toString()).isEqualTo(SUBJECT);
        assertThat(manifest.layers()).isEmpty();
    }

    @Test
    void infersAnOciTypeFromTheShapeWhenNothingNamesIt() {
        String json = """
                {"schemaVersion":2,"config":{"mediaType":"application/vnd.oci.image.config.v1+json",
                 "digest":"%s","size":1},"layers":[]}
                """.formatted(CONFIG);

        assertThat(parse(json, null).mediaType()).isEqualTo(MediaTypes.OCI_MANIFEST);
    }

    @Test
    void refusesWhatItCannotStore() {
        String image = """
                {"schemaVersion":2,"mediaType":"%s","config":{"mediaType":"a/b","digest":"%s","size":1},"layers":[]}
                """;

        assertInvalid("not json", null, "not valid JSON");
        assertInvalid("[1,2]", null, "must be a JSON object");
        assertInvalid("{\"schemaVersion\":1,\"name\":\"a\",\"fsLayers\":[]}", MediaTypes.DOCKER_SCHEMA1,
                "schema 1");
        assertInvalid(image.formatted(MediaTypes.OCI_MANIFEST, CONFIG).replace("\"schemaVersion\":2",
                "\"schemaVersion\":3"), null, "schemaVersion must be 2");
        assertInvalid(image.formatted(MediaTypes.OCI_MANIFEST, CONFIG), MediaTypes.DOCKER_MANIFEST,
                "differs from its Content-Type");
        assertInvalid(image.formatted("application/vnd.example+json", CONFIG), null,
                "unsupported manifest media type");
        assertInvalid(image.formatted(MediaTypes.OCI_MANIFEST, "sha256:nothex"), null, "config.digest");
        assertInvalid(image.formatted(MediaTypes.OCI_MANIFEST, CONFIG).replace("\"size\":1", "\"size\":-1"), null,
                "config.size must be a non-negative integer");
        assertInvalid(image.formatted(MediaTypes.OCI_MANIFEST, CONFIG).replace(",\"layers\":[]", ""), null,
                "'layers' must be an array");
        assertInvalid("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"layers\":[]}", null,
                "needs a config");
        assertInvalid("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_INDEX
                + "\",\"manifests\":[{\"mediaType\":\"text/plain\",\"digest\":\"" + CHILD + "\",\"size\":1}]}",
                null, "not a manifest type");
        assertInvalid(image.formatted(MediaTypes.OCI_MANIFEST, CONFIG).replace("\"layers\":[]",
                "\"layers\":[],\"annotations\":{\"a\":1}"), null, "annotations.a must be a string");
    }

    private ParsedManifest parse(String json, String contentType) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), contentType);
    }

    private void assertInvalid(String json, String contentType, String message) {
        assertThatThrownBy(() -> parse(json, contentType)).isInstanceOf(InvalidManifestException.class)
                .hasMessageContaining(message)
                .extracting(e -> ((RegistryException) e).code()).isEqualTo(ErrorCode.MANIFEST_INVALID);
    }
}
