package dev.berth.registry.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Eight clients push the same blob at the same moment. */
class ConcurrentPushIT extends RegistryIT {
    private static final int CLIENTS = 8;

    @Test
    void allSucceedAndOneBlobIsLeft() throws Exception {
        byte[] blob = ChunkedUploadIT.random(4_000_000, 20);
        String digest = V2Client.digest(blob);
        long uploads = uploadsInProgress();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Integer>> pushes = new ArrayList<>();
        try (ExecutorService clients = Executors.newFixedThreadPool(CLIENTS)) {
            for (int i = 0; i < CLIENTS; i++) {
                int client = i;
                pushes.add(clients.submit(() -> {
                    V2Client own = new V2Client(port);
                    // Two repositories, and both ways of pushing: whole, and chunked.
                    String repository = "concurrent/r" + (client % 2);
                    go.await();
                    if (client % 4 < 2) {
                        return own.post("/v2/" + repository + "/blobs/uploads/?digest=" + digest, blob).status();
                    }
                    String location = own.startUpload(repository);
                    V2Client.Response patched = own.patch(location, blob, "Content-Range",
                            "0-" + (blob.length - 1));
                    return own.put(patched.header("Location") + "?digest=" + digest, new byte[0]).status();
                }));
            }
            go.countDown();
            for (Future<Integer> push : pushes) {
                assertThat(push.get()).isEqualTo(201);
            }
        }

        Path file = blobFile(digest);
        assertThat(file).hasBinaryContent(blob);
        try (Stream<Path> siblings = Files.list(file.getParent())) {
            assertThat(siblings.filter(p -> p.getFileName().toString().equals(digest.substring(7)))).hasSize(1);
        }
        assertThat(count("SELECT count(*) FROM blobs WHERE digest = ?", digest)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM repository_blobs WHERE digest = ?", digest)).isEqualTo(2);
        assertThat(uploadsInProgress()).as("every upload was committed and is gone").isEqualTo(uploads);
        assertThat(registry.get("/v2/concurrent/r0/blobs/" + digest).body()).isEqualTo(blob);
        assertThat(registry.head("/v2/concurrent/r1/blobs/" + digest).status()).isEqualTo(200);
    }
}
