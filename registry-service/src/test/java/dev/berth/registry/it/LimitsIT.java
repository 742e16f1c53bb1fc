package dev.berth.registry.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.registry.RegistryApplication;
import java.net.Socket;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** Each limit, set small, is enforced with a 413 (or 429) whose message names it and its setting. */
@SpringBootTest(classes = RegistryApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"berth.registry.schema=registry_it_limits", "berth.registry.data-dir=${berth.it.dir}/limits",
            RegistryIT.NO_SCHEDULED_GC, "berth.registry.limits.max-manifest-size=1KB",
            "berth.registry.limits.max-blob-size=64KB", "berth.registry.limits.max-request-body=32KB",
            "berth.registry.limits.max-concurrent-uploads=1"})
class LimitsIT extends RegistryIT {

    @Test
    void aManifestLargerThanTheLimitIsRefused() {
        TestImages.Image image = TestImages.ociImage(Map.of("small.txt", "fits\n"));
        assertThat(image.push(registry, "limits/manifest", "small").status()).isEqualTo(201);
        String padded = new String(image.manifest(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"layers\"", "\"annotations\":{\"pad\":\"" + "x".repeat(2000) + "\"},\"layers\"");

        V2Client.Response refused = registry.pushManifest("limits/manifest", "large", image.mediaType(),
                V2Client.utf8(padded));

        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.errorCode()).isEqualTo("MANIFEST_INVALID");
        assertThat(refused.errorMessage()).contains("1 KiB").contains("berth.registry.limits.max-manifest-size");
    }

    @Test
    void aRequestBodyLargerThanTheLimitIsRefusedBeforeItIsRead() {
        byte[] blob = new byte[40 * 1024];

        V2Client.Response refused = registry.post("/v2/limits/request/blobs/uploads/?digest="
                + V2Client.digest(blob), blob);
        V2Client.Response api = registry.post("/api/v1/gc", blob);

        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.errorCode()).isEqualTo("SIZE_INVALID");
        assertThat(refused.errorMessage()).contains("32 KiB").contains("berth.registry.limits.max-request-body");
        assertThat(api.status()).isEqualTo(413);
        assertThat(api.header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void aStreamedBodyIsCountedAsItArrives() {
        String location = registry.startUpload("limits/streamed");

        V2Client.Response refused = registry.patchStreamed(location, new byte[40 * 1024]);

        assertThat(refused.status()).isEqualTo(413);
        assertThat(refused.errorMessage()).contains("berth.registry.limits.max-request-body");
        assertThat(registry.get(location).header("Range")).as("the refused chunk was undone").isEqualTo("0-0");
    }

    @Test
    void aBlobLargerThanTheLimitIsRefusedWhicheverChunkCrossesIt() {
        String location = registry.startUpload("limits/blob");
        byte[] chunk = new byte[30 * 1024];

        V2Client.Response first = registry.patch(location, chunk, "Content-Range", "0-30719");
        V2Client.Response second = registry.patch(location, chunk, "Content-Range", "30720-61439");
        V2Client.Response third = registry.patch(location, chunk, "Content-Range", "61440-92159");

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(third.status()).isEqualTo(413);
        assertThat(third.errorCode()).isEqualTo("SIZE_INVALID");
        assertThat(third.errorMessage()).contains("64 KiB").contains("berth.registry.limits.max-blob-size");
        assertThat(registry.get(location).header("Range")).isEqualTo("0-61439");
    }

    @Test
    void moreUploadsThanAllowedAtOnceAreToldToComeBack() throws Exception {
        String slow = registry.startUpload("limits/busy");
        String other = registry.startUpload("limits/busy");
        V2Client.Response busy;
        try (Socket held = registry.holdOpen("PATCH", slow, 20_000, new byte[1000])) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            do {
                busy = registry.patch(other, new byte[10], "Content-Range", "0-9");
            } while (busy.status() != 429 && System.nanoTime() < deadline);
        }

        assertThat(busy.status()).as(busy.toString()).isEqualTo(429);
        assertThat(busy.errorCode()).isEqualTo("TOO_MANY_REQUESTS");
        assertThat(busy.header("Retry-After")).isEqualTo("1");
        assertThat(busy.errorMessage()).contains("berth.registry.limits.max-concurrent-uploads");
        // Once the slow client is gone, the next upload gets through.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        V2Client.Response later;
        do {
            later = registry.patch(registry.startUpload("limits/busy"), new byte[10], "Content-Range", "0-9");
        } while (later.status() == 429 && System.nanoTime() < deadline);
        assertThat(later.status()).isEqualTo(202);
    }
}
