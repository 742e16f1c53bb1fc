package dev.berth.logs.it;

import static dev.berth.logs.it.LogClient.NOW_NS;
import static dev.berth.logs.it.LogClient.source;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.logs.client.Ack;
import dev.berth.logs.client.LogWire;
import dev.berth.logs.client.Source;
import dev.berth.logs.client.Stream;
import dev.berth.logs.client.WireWriter;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Batches in, lines out: order, streams, long lines, replays, gaps, filters, tenants and errors. */
class IngestQueryIT extends LogServiceIT {
    private static final String MULTIPLEXED = "application/vnd.berth.multiplexed-stream";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final long SECOND = 1_000_000_000L;

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private List<JsonNode> ndjson(String query) throws Exception {
        HttpResponse<String> response = client.get(query, "application/x-ndjson");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/x-ndjson"));
        return response.body().lines().map(JSON::readTree).toList();
    }

    @Test
    void interleavedStreamsComeBackInArrivalOrderWithTheirStreams() throws Exception {
        Source out = source("t1", "mixed", Stream.STDOUT);
        Source err = source("t1", "mixed", Stream.STDERR);
        // All of stdout first in the batch: the order must come from the arrival times, not the batch.
        WireWriter batch = new WireWriter()
                .bytes(out, 0, NOW_NS + 1, ascii("out 1\n"))
                .bytes(out, 6, NOW_NS + 3, ascii("out 2\nout 3\n"))
                .bytes(err, 0, NOW_NS + 2, ascii("err 1\n"))
                .bytes(err, 6, NOW_NS + 4, ascii("err 2\n"));
        List<Ack> acks = client.ship(batch);
        assertThat(acks).containsExactlyInAnyOrder(new Ack("mixed", Stream.STDOUT, 18),
                new Ack("mixed", Stream.STDERR, 12));

        List<JsonNode> lines = ndjson("tenant=t1&container=mixed");
        assertThat(lines).extracting(line -> line.get("stream").asString() + ":" + line.get("line").asString())
                .containsExactly("stdout:out 1", "stderr:err 1", "stdout:out 2", "stdout:out 3", "stderr:err 2");
        assertThat(lines.get(0).get("ts").asString()).endsWith("Z");
        assertThat(lines.get(2).get("ts").asString()).isEqualTo(lines.get(3).get("ts").asString());
        assertThat(lines.get(4).get("id").asString()).isEqualTo("o=18,e=12");
        assertThat(client.text("tenant=t1&container=mixed&stream=stderr")).containsExactly("err 1", "err 2");
        assertThat(client.text("tenant=t1&container=mixed&stream=stdout,stderr")).hasSize(5);
    }

    @Test
    void framesKeepTheStreamsApartAndAFollowCarriesItsCursor() throws Exception {
        Source out = source("t1", "framed", Stream.STDOUT);
        Source err = source("t1", "framed", Stream.STDERR);
        client.ship(new WireWriter().bytes(out, 0, NOW_NS + 1, ascii("out 1\n"))
                .bytes(err, 0, NOW_NS + 2, ascii("err 1\n"))
                .bytes(out, 6, NOW_NS + 3, ascii("out 2\n")));

        HttpResponse<InputStream> whole = client.http.send(HttpRequest.newBuilder(
                        client.uri("/api/v1/logs?tenant=t1&container=framed")).header("Accept", MULTIPLEXED).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(whole.headers().firstValue("Content-Type")).hasValue(MULTIPLEXED);
        try (InputStream body = whole.body()) {
            assertThat(frames(body, Integer.MAX_VALUE))
                    .containsExactly("1:out 1\n", "2:err 1\n", "1:out 2\n");
        }

        HttpResponse<InputStream> followed = client.http.send(HttpRequest.newBuilder(
                        client.uri("/api/v1/logs?tenant=t1&container=framed&follow=true"))
                .header("Accept", MULTIPLEXED).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = followed.body()) {
            assertThat(frames(body, 4)).containsExactly("1:out 1\n", "2:err 1\n", "1:out 2\n", "3:o=12,e=6");
        }
    }

    /** Up to {@code count} frames of a multiplexed answer, each as "type:payload". */
    private static List<String> frames(InputStream in, int count) throws IOException {
        List<String> frames = new ArrayList<>();
        DataInputStream data = new DataInputStream(in);
        while (frames.size() < count) {
            int type = data.read();
            if (type < 0) {
                break;
            }
            assertThat(data.readUnsignedByte() | data.readUnsignedByte() | data.readUnsignedByte()).isZero();
            byte[] payload = data.readNBytes(data.readInt());
            frames.add(type + ":" + new String(payload, StandardCharsets.UTF_8));
        }
        return frames;
    }

    @Test
    void aLineLongerThanAChunkComesBackWhole() throws Exception {
        Source out = source("t1", "long-line", Stream.STDOUT);
        byte[] line = new byte[200 * 1024];
        for (int i = 0; i < line.length; i++) {
            line[i] = (byte) ('a' + i % 26);
        }
        // Written in three pieces over two batches, and stored in chunks of 64 KiB: four chunks at least.
        client.ship(new WireWriter().bytes(out, 0, NOW_NS, line, 0, 100_000));
        client.ship(new WireWriter().bytes(out, 100_000, NOW_NS + SECOND, line, 100_000, line.length - 100_000)
                .bytes(out, line.length, NOW_NS + SECOND, ascii("\nshort\n")));
        assertThat(count("SELECT count(*) FROM chunks WHERE container = 'long-line'")).isGreaterThanOrEqualTo(4);

        List<String> lines = client.text("tenant=t1&container=long-line");
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).getBytes(StandardCharsets.US_ASCII)).isEqualTo(line);
        assertThat(lines.get(1)).isEqualTo("short");
        assertThat(client.text("tenant=t1&container=long-line&tail=1")).containsExactly("short");
        List<JsonNode> json = ndjson("tenant=t1&container=long-line&tail=2");
        assertThat(json.get(0).get("line").asString().length()).isEqualTo(line.length);
    }

    @Test
    void aReplayIsStoredOnceAndAnOverlapOnlyByItsNewTail() throws Exception {
        Source out = source("t1", "replayed", Stream.STDOUT);
        WireWriter batch = new WireWriter().bytes(out, 0, NOW_NS, ascii("one\ntwo\n"))
                .bytes(out, 8, NOW_NS + 1, ascii("three\n"));
        List<Ack> first = client.ship(batch);
        List<Ack> second = client.ship(batch);
        assertThat(first).containsExactly(new Ack("replayed", Stream.STDOUT, 14));
        assertThat(second).isEqualTo(first);
        assertThat(count("SELECT coalesce(sum(end_offset - start_offset), 0) FROM chunks"
                + " WHERE container = 'replayed'")).isEqualTo(14);

        // From offset 4: "two\nthree\n" is held already, "four\n" is new.
        List<Ack> overlap = client.ship(new WireWriter().bytes(out, 4, NOW_NS + 2, ascii("two\nthree\nfour\n")));
        assertThat(overlap).containsExactly(new Ack("replayed", Stream.STDOUT, 19));
        assertThat(count("SELECT coalesce(sum(end_offset - start_offset), 0) FROM chunks"
                + " WHERE container = 'replayed'")).isEqualTo(19);
        assertThat(client.text("tenant=t1&container=replayed")).containsExactly("one", "two", "three", "four");
    }

    @Test
    void aGapIsAcceptedAndRecorded() throws Exception {
        Source out = source("t1", "gappy", Stream.STDOUT);
        client.ship(new WireWriter().bytes(out, 0, NOW_NS, ascii("before\npart")));
        List<Ack> acks = client.ship(new WireWriter().bytes(out, 100, NOW_NS + 1, ascii("after\n")));
        assertThat(acks).containsExactly(new Ack("gappy", Stream.STDOUT, 106));
        assertThat(count("SELECT to_offset - from_offset FROM gaps WHERE container = 'gappy'")).isEqualTo(89);
        // A line cut by a gap is a line of its own; as text, the bytes are written as they are, without a newline.
        assertThat(ndjson("tenant=t1&container=gappy")).extracting(line -> line.get("line").asString())
                .containsExactly("before", "part", "after");
        assertThat(client.text("tenant=t1&container=gappy")).containsExactly("before", "partafter");
    }

    @Test
    void tailSinceUntilGrepAndStreamFilter() throws Exception {
        Source out = source("t1", "filtered", Stream.STDOUT);
        Source err = source("t1", "filtered", Stream.STDERR);
        long base = (NOW_NS / SECOND - 3600) * SECOND; // an hour ago, whole seconds
        WireWriter batch = new WireWriter();
        long outOffset = 0;
        long errOffset = 0;
        for (int i = 0; i < 10; i++) {
            byte[] line = ascii("line " + i + (i % 2 == 0 ? " even" : " odd") + "\n");
            if (i % 3 == 0) {
                batch.bytes(err, errOffset, base + i * SECOND, line);
                errOffset += line.length;
            } else {
                batch.bytes(out, outOffset, base + i * SECOND, line);
                outOffset += line.length;
            }
        }
        client.ship(batch);
        String target = "tenant=t1&container=filtered";
        assertThat(client.text(target + "&tail=3")).containsExactly("line 7 odd", "line 8 even", "line 9 odd");
        assertThat(client.text(target + "&tail=0")).isEmpty();
        assertThat(client.text(target + "&tail=2&stream=stderr")).containsExactly("line 6 even", "line 9 odd");
        long since = base / SECOND + 4;
        assertThat(client.text(target + "&since=" + since + "&until=" + (since + 2)))
                .containsExactly("line 4 even", "line 5 odd", "line 6 even");
        String rfc3339 = java.time.Instant.ofEpochSecond(since + 5).toString();
        assertThat(client.text(target + "&since=" + rfc3339)).containsExactly("line 9 odd");
        assertThat(client.text(target + "&grep=" + java.net.URLEncoder.encode("^line [0-3] even",
                StandardCharsets.UTF_8))).containsExactly("line 0 even", "line 2 even");
        assertThat(client.text(target + "&tail=4&grep=odd")).containsExactly("line 7 odd", "line 9 odd");
        assertThat(client.text(target + "&tail=3&since=" + since + "&until=" + (since + 2)))
                .containsExactly("line 4 even", "line 5 odd", "line 6 even");
        List<String> stamped = client.text(target + "&tail=1&timestamps=true");
        assertThat(stamped).containsExactly(java.time.Instant.ofEpochSecond(base / SECOND + 9).toString()
                .replace("Z", ".000000000Z") + " line 9 odd");
        // after=: the lines after a line's id
        List<JsonNode> all = ndjson(target);
        String afterFifth = all.get(4).get("id").asString();
        assertThat(client.text(target + "&after=" + afterFifth)).containsExactly("line 5 odd", "line 6 even",
                "line 7 odd", "line 8 even", "line 9 odd");
    }

    @Test
    void anAppsContainersAreReadTogether() throws Exception {
        Source one = new Source("t2", "shop", "shop-1", Stream.STDOUT, "node-1");
        Source two = new Source("t2", "shop", "shop-2", Stream.STDOUT, "node-2");
        client.ship(new WireWriter().bytes(one, 0, NOW_NS, ascii("from one\n"))
                .bytes(two, 0, NOW_NS + 1, ascii("from two\n")));
        List<JsonNode> lines = ndjson("tenant=t2&app=shop");
        assertThat(lines).extracting(line -> line.get("container").asString() + ":" + line.get("line").asString())
                .containsExactly("shop-1:from one", "shop-2:from two");
        assertThat(lines.get(1).get("id").asString()).isEqualTo("shop-1/o=9,shop-2/o=9");
        assertThat(client.text("tenant=t2&app=shop&after=shop-1/o=9,shop-2/o=0")).containsExactly("from two");
    }

    @Test
    void binaryLinesComeBackExactly() throws Exception {
        Source out = source("t1", "binary", Stream.STDOUT);
        byte[] bytes = {(byte) 0xff, 0, (byte) 0xc3, 'x', '\n', 'o', 'k', ' ', (byte) 0xc3, (byte) 0xa9, '\n'};
        client.ship(new WireWriter().bytes(out, 0, NOW_NS, bytes));
        List<JsonNode> lines = ndjson("tenant=t1&container=binary");
        assertThat(Base64.getDecoder().decode(lines.get(0).get("bytes").asString()))
                .isEqualTo(Arrays.copyOf(bytes, 4));
        assertThat(lines.get(0).has("line")).isFalse();
        assertThat(lines.get(1).get("line").asString()).isEqualTo("ok é");
        HttpResponse<byte[]> raw = client.http.send(java.net.http.HttpRequest.newBuilder(
                client.uri("/api/v1/logs?tenant=t1&container=binary")).header("Accept", "text/plain").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(raw.body()).isEqualTo(bytes);
    }

    @Test
    void anotherTenantsContainerIsAnsweredLikeAnUnknownOne() throws Exception {
        client.ship(new WireWriter().bytes(source("tenant-a", "secret", Stream.STDOUT), 0, NOW_NS,
                ascii("a's secret\n")));
        assertThat(client.text("tenant=tenant-a&container=secret")).containsExactly("a's secret");
        HttpResponse<String> theirs = client.get("tenant=tenant-b&container=secret", "text/plain");
        HttpResponse<String> unknown = client.get("tenant=tenant-b&container=nothing-here", "text/plain");
        assertThat(theirs.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(theirs.body()).doesNotContain("secret\"").contains("tenant tenant-b has no container secret");
        assertThat(client.get("tenant=tenant-b&app=app-tenant-a", "text/plain").statusCode()).isEqualTo(404);
        // Nor can tenant B write into it.
        HttpResponse<String> write = client.post("/internal/v1/logs", LogWire.MEDIA_TYPE, new WireWriter()
                .bytes(source("tenant-b", "secret", Stream.STDOUT), 11, NOW_NS, ascii("b's line\n")).toByteArray());
        assertThat(write.statusCode()).as(write.body()).isEqualTo(409);
        assertThat(client.text("tenant=tenant-a&container=secret")).containsExactly("a's secret");
    }

    @Test
    void badQueriesAreAnsweredWithProblemDetails() throws Exception {
        client.ship(new WireWriter().bytes(source("t1", "known", Stream.STDOUT), 0, NOW_NS, ascii("x\n")));
        Map<String, String> expectations = Map.ofEntries(
                Map.entry("tenant=t1&container=known&since=yesterday", "invalid since 'yesterday'"),
                Map.entry("tenant=t1&container=known&until=2026-13-01", "invalid until"),
                Map.entry("tenant=t1&container=known&tail=100001", "tail 100001 is more than"),
                Map.entry("tenant=t1&container=known&tail=-1", "invalid tail -1"),
                Map.entry("tenant=t1&container=known&tail=ten", "invalid tail 'ten'"),
                Map.entry("tenant=t1&container=known&grep=%28unclosed", "invalid grep regular expression"),
                Map.entry("tenant=t1&container=known&app=a", "exactly one of 'container' and 'app'"),
                Map.entry("tenant=t1", "exactly one of 'container' and 'app'"),
                Map.entry("container=known", "'tenant' is required"),
                Map.entry("tenant=t1&container=known&stream=stdnone", "unknown stream 'stdnone'"),
                Map.entry("tenant=t1&container=known&follow=maybe", "invalid follow 'maybe'"),
                Map.entry("tenant=t1&container=known&after=x=1", "invalid cursor"),
                Map.entry("tenant=t1&container=known&colour=red", "unknown parameter 'colour'"),
                Map.entry("tenant=t1&container=bad%2Fname", "invalid container name"));
        for (Map.Entry<String, String> expectation : expectations.entrySet()) {
            HttpResponse<String> response = client.get(expectation.getKey(), "application/x-ndjson");
            assertThat(response.statusCode()).as(expectation.getKey()).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
            JsonNode problem = JSON.readTree(response.body());
            assertThat(problem.get("type").asString()).isEqualTo("https://berth.dev/problems/invalid-query");
            assertThat(problem.get("detail").asString()).as(expectation.getKey()).contains(expectation.getValue());
        }
        HttpResponse<String> unknown = client.get("tenant=t1&container=nobody", "application/x-ndjson");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("type").asString())
                .isEqualTo("https://berth.dev/problems/unknown-target");
    }

    @Test
    void badBatchesAreRefusedAndStoreNothing() throws Exception {
        Source out = source("t1", "refused", Stream.STDOUT);
        byte[] good = new WireWriter().bytes(out, 0, NOW_NS, ascii("hello\n")).toByteArray();
        HttpResponse<String> truncated = client.post("/internal/v1/logs", LogWire.MEDIA_TYPE,
                Arrays.copyOf(good, good.length - 3));
        assertThat(truncated.statusCode()).isEqualTo(400);
        assertThat(truncated.body()).contains("the body ends inside a bytes record payload");

        byte[] oversize = Arrays.copyOf(good, good.length);
        int lengthAt = good.length - 6 - 4; // the u32 length before the 6 payload bytes
        oversize[lengthAt] = 0x7f;
        HttpResponse<String> tooLarge = client.post("/internal/v1/logs", LogWire.MEDIA_TYPE, oversize);
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(tooLarge.body()).contains("the most one record may carry is");

        HttpResponse<String> wrongType = client.post("/internal/v1/logs", "application/json", good);
        assertThat(wrongType.statusCode()).isEqualTo(415);

        byte[] badKind = {9, 0, 0};
        assertThat(client.post("/internal/v1/logs", LogWire.MEDIA_TYPE, badKind).body())
                .contains("unknown record kind 9 at byte 0");
        byte[] oldTimes = new WireWriter().bytes(out, 0, 5, ascii("hello\n")).toByteArray();
        assertThat(client.post("/internal/v1/logs", LogWire.MEDIA_TYPE, oldTimes).body())
                .contains("epoch nanoseconds expected");
        assertThat(count("SELECT count(*) FROM chunks WHERE container = 'refused'")).isZero();
    }
}
