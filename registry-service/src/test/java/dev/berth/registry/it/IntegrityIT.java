package dev.berth.registry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A wrong digest or a truncated blob is refused, nothing half-written becomes visible, and the client can retry. */
class IntegrityIT extends RegistryIT {

    @Test
    void aWholeBlobWithTheWrongDigestIsRefusedAndLeavesNothing() throws Exception {
        byte[] blob = ChunkedUploadIT.random(100_000, 10);
        String claimed = V2Client.digest(V2Client.utf8("something else"));
        long uploads = uploadsInProgress();

        V2Client.Response refused = registry.post("/v2/integrity/whole/blobs/uploads/?digest=" + claimed, blob,
                "Content-Type", "application/octet-stream");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("DIGEST_INVALID");
        assertThat(refused.errorMessage()).contains(V2Client.digest(blob)).contains(claimed);
        assertThat(registry.head("/v2/integrity/whole/blobs/" + claimed).status()).isEqualTo(404);
        assertThat(registry.head("/v2/integrity/whole/blobs/" + V2Client.digest(blob)).status()).isEqualTo(404);
        assertThat(blobFile(claimed)).doesNotExist();
        assertThat(blobFile(V2Client.digest(blob))).doesNotExist();
        assertThat(count("SELECT count(*) FROM blobs WHERE digest IN (?, ?)", claimed, V2Client.digest(blob)))
                .isZero();
        assertThat(uploadsInProgress()).isEqualTo(uploads);

        // Sent again with the right digest, it is stored.
        assertThat(registry.pushBlob("integrity/whole", blob)).isEqualTo(V2Client.digest(blob));
        assertThat(blobFile(V2Client.digest(blob))).hasBinaryContent(blob);
    }

    @Test
    void aWholeBlobCutShortIsNeverStored() throws Exception {
        byte[] blob = ChunkedUploadIT.random(2_000_000, 11);
        String digest = V2Client.digest(blob);
        long uploads = uploadsInProgress();

        registry.sendAndHangUp("POST", "/v2/integrity/cut/blobs/uploads/?digest=" + digest, blob.length,
                Arrays.copyOf(blob, 700_000));

        // The registry drops the upload of a monolithic push that failed, row and file one after the other; wait
        // until both are gone.
        assertThat(uploadsSettleAt(uploads, Duration.ofSeconds(10))).isEqualTo(uploads);
        assertThat(registry.head("/v2/integrity/cut/blobs/" + digest).status()).isEqualTo(404);
        assertThat(blobFile(digest)).doesNotExist();
        assertThat(registry.pushBlob("integrity/cut", blob)).isEqualTo(digest);
    }

    @Test
    void aTruncatedChunkedUploadIsRefusedThenCompleted() {
        byte[] blob = ChunkedUploadIT.random(500_000, 12);
        String digest = V2Client.digest(blob);
        String location = registry.startUpload("integrity/chunked");
        V2Client.Response half = registry.patch(location, Arrays.copyOf(blob, 200_000), "Content-Range",
                "0-199999");

        V2Client.Response early = registry.put(half.header("Location") + "?digest=" + digest, new byte[0]);

        assertThat(early.status()).isEqualTo(400);
        assertThat(early.errorCode()).isEqualTo("DIGEST_INVALID");
        assertThat(early.errorMessage()).contains("200000 bytes");
        assertThat(registry.head("/v2/integrity/chunked/blobs/" + digest).status()).isEqualTo(404);
        assertThat(blobFile(digest)).doesNotExist();
        // The upload is as it was: the client sends the rest and finishes.
        assertThat(registry.get(location).header("Range")).isEqualTo("0-199999");
        V2Client.Response rest = registry.patch(location, Arrays.copyOfRange(blob, 200_000, blob.length),
                "Content-Range", "200000-499999");
        assertThat(rest.status()).isEqualTo(202);
        assertThat(registry.put(location + "?digest=" + digest, new byte[0]).status()).isEqualTo(201);
        assertThat(registry.get("/v2/integrity/chunked/blobs/" + digest).body()).isEqualTo(blob);
    }

    @Test
    void theEmptyBlobCanBePushedAndPulled() {
        String empty = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

        V2Client.Response pushed = registry.post("/v2/integrity/empty/blobs/uploads/?digest=" + empty, new byte[0]);
        V2Client.Response head = registry.head("/v2/integrity/empty/blobs/" + empty);
        V2Client.Response get = registry.get("/v2/integrity/empty/blobs/" + empty);

        assertThat(pushed.status()).as(pushed.toString()).isEqualTo(201);
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.header("Content-Length")).isEqualTo("0");
        assertThat(get.status()).isEqualTo(200);
        assertThat(get.body()).isEmpty();
        assertThat(blobFile(empty)).exists().isEmptyFile();
    }

    @Test
    void aManifestIsCheckedAgainstItsDigestAndWhatItReferences() {
        TestImages.Image image = TestImages.ociImage(Map.of("a.txt", "a\n"));
        registry.pushBlob("integrity/manifest", image.config());

        V2Client.Response missingLayer = registry.pushManifest("integrity/manifest", "v1", image.mediaType(),
                image.manifest());
        registry.pushBlob("integrity/manifest", image.layers().get(0));
        V2Client.Response wrongDigest = registry.pushManifest("integrity/manifest",
                V2Client.digest(V2Client.utf8("other")), image.mediaType(), image.manifest());
        V2Client.Response byDigest = registry.pushManifest("integrity/manifest", image.digest(), image.mediaType(),
                image.manifest());

        assertThat(missingLayer.status()).isEqualTo(400);
        assertThat(missingLayer.errorCode()).isEqualTo("MANIFEST_BLOB_UNKNOWN");
        assertThat(missingLayer.json().path("errors").path(0).path("detail").path("digest").asString())
                .isEqualTo(image.layerDigest(0));
        assertThat(wrongDigest.status()).isEqualTo(400);
        assertThat(wrongDigest.errorCode()).isEqualTo("DIGEST_INVALID");
        assertThat(byDigest.status()).isEqualTo(201);
        assertThat(byDigest.header("Docker-Content-Digest")).isEqualTo(image.digest());
        assertThat(registry.get("/v2/integrity/manifest/manifests/v1").status())
                .as("the refused push left no tag").isEqualTo(404);
        assertThat(registry.get("/v2/integrity/manifest/manifests/" + image.digest()).body())
                .isEqualTo(image.manifest());
    }

    @Test
    void aLayerOfTheWrongSizeMakesTheManifestInvalid() {
        TestImages.Image image = TestImages.ociImage(Map.of("b.txt", "b\n"));
        registry.pushBlob("integrity/sizes", image.config());
        registry.pushBlob("integrity/sizes", image.layers().get(0));
        String lying = new String(image.manifest(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"size\":" + image.layers().get(0).length, "\"size\":" + (image.layers().get(0).length + 1));

        V2Client.Response refused = registry.pushManifest("integrity/sizes", "v1", image.mediaType(),
                V2Client.utf8(lying));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("MANIFEST_INVALID");
        assertThat(refused.errorMessage()).contains(image.layerDigest(0));
    }
}
