package dev.berth.agent.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** stdout and stderr captured with timestamps and stream marks, read in batch and live. */
class LogsIT extends FastAgentIT {

    @Test
    void interleavedStdoutAndStderrComeBackInOrderWithTheirStreams() {
        // A pause between writes lets each arrive in its own round of the indexer, as separate events would.
        String id = api.create(Map.of("image", "busybox", "cmd", List.of("sh", "-c",
                "for i in 1 2 3; do echo out $i; sleep 0.05; echo err $i >&2; sleep 0.05; done")), true);
        api.await(id);

        List<ApiClient.Frame> frames = api.logs(id, "");

        assertThat(frames.stream().map(f -> f.stream() + ":" + f.text()).toList()).containsExactly(
                "1:out 1\n", "2:err 1\n", "1:out 2\n", "2:err 2\n", "1:out 3\n", "2:err 3\n");
        assertThat(ApiClient.text(api.logs(id, "stdout=false"))).isEqualTo("err 1\nerr 2\nerr 3\n");
        api.delete("/v1/containers/" + id);
    }

    @Test
    void tailSinceAndTimestamps() {
        String id = api.create(Map.of("image", "busybox", "cmd", List.of("sh", "-c",
                "echo early; sleep 1; echo late 1; echo late 2")), true);
        api.await(id);

        assertThat(ApiClient.text(api.logs(id, "tail=2"))).isEqualTo("late 1\nlate 2\n");
        String stamped = ApiClient.text(api.logs(id, "timestamps=true"));
        List<String> lines = stamped.lines().toList();
        assertThat(lines).hasSize(3).allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{9}Z .*"));
        Instant early = Instant.parse(lines.get(0).substring(0, lines.get(0).indexOf(' ')));
        Instant late = Instant.parse(lines.get(1).substring(0, lines.get(1).indexOf(' ')));
        assertThat(Duration.between(early, late)).isBetween(Duration.ofMillis(900), Duration.ofSeconds(3));
        Instant between = early.plusMillis(500);
        assertThat(ApiClient.text(api.logs(id, "since=" + between))).isEqualTo("late 1\nlate 2\n");
        api.delete("/v1/containers/" + id);
    }

    @Test
    void aFollowerSeesNewLinesWithinASecondAndEndsWhenTheContainerExits() throws Exception {
        String id = api.create(Map.of("image", "busybox", "cmd", List.of("sh", "-c",
                "echo first; sleep 2; echo second; sleep 1")), true);
        try (InputStream in = api.openLogs(id, "follow=true")) {
            assertThat(readLine(in)).isEqualTo("first\n");
            String second = readLine(in);
            long seenAt = System.nanoTime();
            assertThat(second).isEqualTo("second\n");
            List<ApiClient.Frame> lines = api.logs(id, "timestamps=true");
            Instant written = Instant.parse(ApiClient.text(lines).lines().toList().get(1).split(" ")[0]);
            // The arrival stamp is taken when the indexer sees the write; the follower got it well within a second.
            assertThat(Duration.between(written, Instant.now()).minusNanos(System.nanoTime() - seenAt))
                    .isLessThan(Duration.ofSeconds(1));
            CompletableFuture<byte[]> rest = CompletableFuture.supplyAsync(() -> {
                try {
                    return in.readAllBytes();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(rest.get(10, TimeUnit.SECONDS)).isEmpty();
        }
        api.delete("/v1/containers/" + id);
    }

    @Test
    void aFastWriterIsNotBlockedByASlowReaderAndNoByteIsLost() throws Exception {
        String id = api.create(Map.of("image", "busybox", "cmd", List.of("sh", "-c",
                "yes 0123456789012345678901234567890123456789 | head -c 50000000")), false);
        // A follower attached first, that reads nothing while the container writes.
        try (InputStream stalled = api.openLogs(id, "follow=true")) {
            assertThat(api.post("/v1/containers/" + id + "/start").status()).isEqualTo(204);
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> api.await(id).path("exitCode").asInt());
            assertThat(exit.get(30, TimeUnit.SECONDS)).isZero();

            long total = 0;
            long lines = 0;
            ApiClient.Frame frame;
            while ((frame = ApiClient.readFrame(stalled)) != null) {
                total += frame.data().length;
                for (byte b : frame.data()) {
                    if (b == '\n') {
                        lines++;
                    }
                }
            }
            assertThat(total).isEqualTo(50_000_000L);
            assertThat(lines).isEqualTo(50_000_000L / 41);
        }
        api.delete("/v1/containers/" + id);
    }

    @Test
    void aLineOf200KiBComesBackWhole() {
        ApiClient.Run run = api.sh("head -c 204800 /dev/zero | tr '\\0' x; echo");

        assertThat(run.stdout()).hasSize(204801).startsWith("xxxx").endsWith("x\n");
    }

    private static String readLine(InputStream in) throws java.io.IOException {
        ApiClient.Frame frame;
        do {
            frame = ApiClient.readFrame(in);
            assertThat(frame).isNotNull();
        } while (frame.data().length == 0);
        return frame.text();
    }
}
