package dev.berth.registry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The spec's error body, code and status for each way a request can go wrong. */
class ErrorsIT extends RegistryIT {
    private static final String UNKNOWN = "sha256:" + "0".repeat(64);
    private TestImages.Image image;

    @BeforeEach
    void pushAnImage() {
        image = TestImages.ociImage(Map.of("errors.txt", "e\n"));
        assertThat(image.push(registry, "errors/app", "v1").status()).isEqualTo(201);
    }

    @Test
    void theBaseAnswersWithTheApiVersion() {
        V2Client.Response base = registry.get("/v2/");

        assertThat(base.status()).isEqualTo(200);
        assertThat(base.header("Docker-Distribution-API-Version")).isEqualTo("registry/2.0");
    }

    @Test
    void eachErrorHasItsCodeAndStatus() {
        expect(registry.get("/v2/Errors/App/tags/list"), 400, "NAME_INVALID");
        expect(registry.get("/v2/errors//app/manifests/v1"), 400, "NAME_INVALID");
        expect(registry.get("/v2/" + "a".repeat(256) + "/tags/list"), 400, "NAME_INVALID");
        expect(registry.get("/v2/errors/none/tags/list"), 404, "NAME_UNKNOWN");
        expect(registry.get("/v2/errors/none/manifests/v1"), 404, "NAME_UNKNOWN");
        expect(registry.get("/v2/errors/app/manifests/v2"), 404, "MANIFEST_UNKNOWN");
        expect(registry.get("/v2/errors/app/manifests/" + UNKNOWN), 404, "MANIFEST_UNKNOWN");
        expect(registry.get("/v2/errors/app/manifests/.bad"), 400, "MANIFEST_INVALID");
        expect(registry.get("/v2/errors/app/manifests/sha256:short"), 400, "DIGEST_INVALID");
        expect(registry.get("/v2/errors/app/blobs/" + UNKNOWN), 404, "BLOB_UNKNOWN");
        expect(registry.get("/v2/errors/app/blobs/md5:abc"), 400, "DIGEST_INVALID");
        expect(registry.get("/v2/errors/app/blobs/sha512:" + "a".repeat(128)), 400, "DIGEST_INVALID");
        expect(registry.get("/v2/errors/app/blobs/uploads/not-a-uuid"), 404, "BLOB_UPLOAD_UNKNOWN");
        expect(registry.get("/v2/errors/app/blobs/uploads/" + java.util.UUID.randomUUID()), 404,
                "BLOB_UPLOAD_UNKNOWN");
        expect(registry.put("/v2/errors/app/blobs/uploads/" + java.util.UUID.randomUUID() + "?digest=" + UNKNOWN,
                new byte[0]), 404, "BLOB_UPLOAD_UNKNOWN");
        expect(registry.delete("/v2/errors/app/blobs/" + UNKNOWN), 404, "BLOB_UNKNOWN");
        expect(registry.delete("/v2/errors/app/manifests/v9"), 404, "MANIFEST_UNKNOWN");
        expect(registry.get("/v2/_catalog?n=many"), 400, "PAGINATION_NUMBER_INVALID");
        expect(registry.get("/v2/errors/app/tags/list?n=-1"), 400, "PAGINATION_NUMBER_INVALID");
    }

    @Test
    void aBlobIsServedOnlyByRepositoriesThatHoldIt() {
        expect(registry.get("/v2/errors/other/blobs/" + image.layerDigest(0)), 404, "BLOB_UNKNOWN");
        expect(registry.head("/v2/errors/other/blobs/" + image.layerDigest(0)), 404, null);
    }

    @Test
    void badManifestsAreManifestInvalid() {
        expect(registry.pushManifest("errors/app", "bad", TestImages.OCI_MANIFEST, V2Client.utf8("{not json")),
                400, "MANIFEST_INVALID");
        expect(registry.pushManifest("errors/app", "bad", "application/vnd.docker.distribution.manifest.v1+json",
                V2Client.utf8("{\"schemaVersion\":1}")), 400, "MANIFEST_INVALID");
        expect(registry.pushManifest("errors/app", "bad", "text/plain", image.manifest()), 400,
                "MANIFEST_INVALID");
        expect(registry.pushManifest("errors/app", "-bad", TestImages.OCI_MANIFEST, image.manifest()), 400,
                "MANIFEST_INVALID");
        byte[] index = TestImages.index(TestImages.OCI_INDEX, TestImages.OCI_MANIFEST,
                java.util.List.of(V2Client.utf8("not pushed")));
        V2Client.Response missingChild = registry.pushManifest("errors/app", "index", TestImages.OCI_INDEX, index);
        expect(missingChild, 400, "MANIFEST_BLOB_UNKNOWN");
    }

    @Test
    void methodsAndPathsTheApiDoesNotHaveAreUnsupported() {
        expect(registry.post("/v2/errors/app/manifests/v1", new byte[0]), 405, "UNSUPPORTED");
        expect(registry.put("/v2/errors/app/tags/list", new byte[0]), 405, "UNSUPPORTED");
        expect(registry.patch("/v2/errors/app/blobs/uploads/", new byte[0]), 405, "UNSUPPORTED");
        expect(registry.get("/v2/errors/app/nothing/here"), 404, "UNSUPPORTED");
    }

    @Test
    void aRangePastTheEndIs416WithTheSize() {
        V2Client.Response refused = registry.get("/v2/errors/app/blobs/" + image.layerDigest(0), "Range",
                "bytes=" + image.layers().get(0).length + "-");

        expect(refused, 416, "RANGE_INVALID");
        assertThat(refused.header("Content-Range")).isEqualTo("bytes */" + image.layers().get(0).length);
    }

    private static void expect(V2Client.Response response, int status, String code) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.header("Docker-Distribution-API-Version")).isEqualTo("registry/2.0");
        if (code == null) {
            return; // HEAD: no body
        }
        assertThat(response.header("Content-Type")).startsWith("application/json");
        JsonNode errors = response.json().path("errors");
        assertThat(errors.isArray()).as(response.toString()).isTrue();
        assertThat(errors.size()).isEqualTo(1);
        assertThat(errors.path(0).path("code").asString()).isEqualTo(code);
        assertThat(errors.path(0).path("message").asString()).isNotBlank();
        assertThat(errors.path(0).has("detail")).isTrue();
    }
}
