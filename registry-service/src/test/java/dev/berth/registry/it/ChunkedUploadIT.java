package dev.berth.registry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Chunked uploads: in order, out of order, cut short and resumed, streamed, cancelled. */
class ChunkedUploadIT extends RegistryIT {

    @Test
    void anUploadCutShortKeepsWhatArrivedAndResumesFromThere() throws Exception {
        byte[] blob = random(3_000_000, 1);
        int half = 1_200_000;
        String location = registry.startUpload("chunked/resumed");

        // The client dies after 1.2 MB of a 3 MB PATCH.
        registry.sendAndHangUp("PATCH", location, blob.length, Arrays.copyOf(blob, half));

        // It comes back and asks where the upload stands: everything that arrived is kept.
        V2Client.Response status = waitForRange(location, "0-" + (half - 1));
        assertThat(status.status()).isEqualTo(204);
        assertThat(status.header("Docker-Upload-UUID")).isEqualTo(location.substring(location.lastIndexOf('/') + 1));
        assertThat(registry.head("/v2/chunked/resumed/blobs/" + V2Client.digest(blob)).status()).isEqualTo(404);

        V2Client.Response rest = registry.patch(location, Arrays.copyOfRange(blob, half, blob.length),
                "Content-Range", half + "-" + (blob.length - 1), "Content-Type", "application/octet-stream");
        assertThat(rest.status()).as(rest.toString()).isEqualTo(202);
        assertThat(rest.header("Range")).isEqualTo("0-" + (blob.length - 1));
        V2Client.Response done = registry.put(rest.header("Location") + "?digest=" + V2Client.digest(blob),
                new byte[0]);

        assertThat(done.status()).as(done.toString()).isEqualTo(201);
        assertThat(done.header("Docker-Content-Digest")).isEqualTo(V2Client.digest(blob));
        assertThat(done.header("Location")).isEqualTo("/v2/chunked/resumed/blobs/" + V2Client.digest(blob));
        assertThat(registry.get(done.header("Location")).body()).isEqualTo(blob);
        assertThat(registry.get(location).errorCode()).isEqualTo("BLOB_UPLOAD_UNKNOWN");
    }

    @Test
    void chunksGoInOrderAndTheLastOneMayComeWithThePut() {
        byte[] blob = random(250_000, 2);
        String location = registry.startUpload("chunked/ordered");

        V2Client.Response first = registry.patch(location, Arrays.copyOfRange(blob, 0, 100_000),
                "Content-Range", "0-99999", "Content-Type", "application/octet-stream");
        V2Client.Response outOfOrder = registry.patch(first.header("Location"),
                Arrays.copyOfRange(blob, 150_000, 200_000), "Content-Range", "150000-199999");
        V2Client.Response second = registry.patch(first.header("Location"),
                Arrays.copyOfRange(blob, 100_000, 200_000), "Content-Range", "100000-199999");
        V2Client.Response last = registry.put(second.header("Location") + "?digest=" + V2Client.digest(blob),
                Arrays.copyOfRange(blob, 200_000, blob.length), "Content-Type", "application/octet-stream");

        assertThat(first.status()).isEqualTo(202);
        assertThat(first.header("Range")).isEqualTo("0-99999");
        assertThat(outOfOrder.status()).isEqualTo(416);
        assertThat(outOfOrder.errorCode()).isEqualTo("RANGE_INVALID");
        assertThat(outOfOrder.header("Range")).as("where the upload stands").isEqualTo("0-99999");
        assertThat(second.header("Range")).isEqualTo("0-199999");
        assertThat(last.status()).as(last.toString()).isEqualTo(201);
        assertThat(registry.get("/v2/chunked/ordered/blobs/" + V2Client.digest(blob)).body()).isEqualTo(blob);
    }

    @Test
    void aStreamedPatchWithoutLengthOrRangeIsAppended() {
        byte[] blob = random(700_000, 3);
        String location = registry.startUpload("chunked/streamed");

        V2Client.Response patched = registry.patchStreamed(location, blob);
        V2Client.Response done = registry.put(patched.header("Location") + "?digest=" + V2Client.digest(blob),
                new byte[0]);

        assertThat(patched.status()).as(patched.toString()).isEqualTo(202);
        assertThat(patched.header("Range")).isEqualTo("0-699999");
        assertThat(done.status()).isEqualTo(201);
        V2Client.Response head = registry.head("/v2/chunked/streamed/blobs/" + V2Client.digest(blob));
        assertThat(head.header("Content-Length")).isEqualTo("700000");
    }

    @Test
    void aNewUploadSaysWhereItIsAndACancelledOneIsGone() throws Exception {
        long before = uploadsInProgress();
        V2Client.Response started = registry.post("/v2/chunked/cancelled/blobs/uploads/", new byte[0]);
        String location = started.header("Location");

        assertThat(started.status()).isEqualTo(202);
        assertThat(started.header("Range")).isEqualTo("0-0");
        assertThat(started.header("Docker-Upload-UUID")).isNotBlank();
        assertThat(location).startsWith("/v2/chunked/cancelled/blobs/uploads/");
        assertThat(uploadsInProgress()).isEqualTo(before + 1);
        // An upload belongs to its repository.
        String id = location.substring(location.lastIndexOf('/') + 1);
        assertThat(registry.get("/v2/chunked/other/blobs/uploads/" + id).errorCode())
                .isEqualTo("BLOB_UPLOAD_UNKNOWN");

        assertThat(registry.delete(location).status()).isEqualTo(204);
        assertThat(registry.get(location).status()).isEqualTo(404);
        assertThat(registry.delete(location).errorCode()).isEqualTo("BLOB_UPLOAD_UNKNOWN");
        assertThat(uploadsInProgress()).isEqualTo(before);
    }

    private V2Client.Response waitForRange(String location, String range) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        V2Client.Response status = registry.get(location);
        while (!range.equals(status.header("Range")) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            status = registry.get(location);
        }
        assertThat(status.header("Range")).as(status.toString()).isEqualTo(range);
        return status;
    }

    static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
