package dev.berth.agent.shipping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.agent.linux.RecordingSyscalls;
import dev.berth.internalauth.InternalToken;
import dev.berth.logs.client.LogShipperClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogShipperTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final long T0 = 1_764_331_200_000_000_000L;

    @TempDir
    Path state;
    FakeLogService service;
    SimpleMeterRegistry meters;
    RecordingSyscalls sys;
    final List<ShippedContainer> live = new ArrayList<>();
    final List<LogShipper> shippers = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        service = new FakeLogService();
        Files.createDirectories(state.resolve("containers"));
    }

    @AfterEach
    void tearDown() {
        shippers.forEach(LogShipper::close);
        service.close();
    }

    LogShipper shipper(long cap, Duration timeout) {
        return shipper(cap, timeout, null);
    }

    LogShipper shipper(long cap, Duration timeout, @Nullable InternalToken token) {
        meters = new SimpleMeterRegistry();
        sys = new RecordingSyscalls();
        LogShipper shipper = new LogShipper(new ShippingSettings(service.uri(), "default", "node-1",
                state.resolve("log-spool"), cap, true, 1 << 20, 64 << 10, timeout),
                new LogShipperClient(service.uri(), timeout, token), sys, meters);
        shipper.open(() -> List.copyOf(live));
        shippers.add(shipper);
        return shipper;
    }

    LogShipper shipper() {
        return shipper(2L << 30, Duration.ofSeconds(10));
    }

    ShippedContainer container(String id, String app) throws IOException {
        Path dir = Files.createDirectories(state.resolve("containers").resolve(id));
        ShippedContainer container = new ShippedContainer(id, "default", app, dir);
        live.add(container);
        return container;
    }

    /** Appends bytes as a container would, and the index entry the indexer would record. */
    static void write(ShippedContainer container, String stream, long nanos, byte[] bytes) throws IOException {
        Path log = container.directory().resolve(stream + ".log");
        Files.write(log, bytes, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        ByteBuffer entry = ByteBuffer.allocate(16).putLong(nanos).putLong(Files.size(log));
        Files.write(container.directory().resolve(stream + ".idx"), entry.array(), StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    static void write(ShippedContainer container, String stream, long nanos, String text) throws IOException {
        write(container, stream, nanos, text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] random(int n, long seed) {
        byte[] bytes = new byte[n];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    static byte[] file(ShippedContainer container, String stream) throws IOException {
        return Files.readAllBytes(container.directory().resolve(stream + ".log"));
    }

    /** Rounds until nothing is left to send (or a round fails). */
    static LogShipper.Outcome drain(LogShipper shipper) {
        LogShipper.Outcome outcome;
        int rounds = 0;
        do {
            outcome = shipper.round();
        } while ((outcome == LogShipper.Outcome.SENT || outcome == LogShipper.Outcome.SENT_FULL) && ++rounds < 1000);
        return outcome;
    }

    @Test
    void recordsGoInOffsetOrderWithTheArrivalTimesOfTheirIndexEntries() throws IOException {
        ShippedContainer web = container(A, "web");
        write(web, "stdout", T0, "hello\n");
        byte[] big = random(100_000, 1); // more than a record: split, each piece with the entry's time
        write(web, "stdout", T0 + 5_000_000, big);
        write(web, "stderr", T0 + 1_000_000, "oops\n");
        LogShipper shipper = shipper();

        assertThat(drain(shipper)).isEqualTo(LogShipper.Outcome.IDLE);

        List<FakeLogService.Received> stdout = service.received.stream()
                .filter(r -> r.stream().equals("stdout")).toList();
        assertThat(stdout).extracting(FakeLogService.Received::offset).containsExactly(0L, 6L, 6L + 65536);
        assertThat(stdout).extracting(FakeLogService.Received::nanos)
                .containsExactly(T0, T0 + 5_000_000, T0 + 5_000_000);
        assertThat(stdout).allMatch(r -> r.length() <= 64 << 10);
        assertThat(service.stream(A, "stdout").bytes.toByteArray()).isEqualTo(file(web, "stdout"));
        assertThat(service.stream(A, "stderr").bytes.toByteArray()).isEqualTo("oops\n".getBytes());
        assertThat(service.received).filteredOn(r -> r.stream().equals("stderr"))
                .extracting(FakeLogService.Received::nanos).containsExactly(T0 + 1_000_000);
        assertThat(service.stream(A, "stdout").names).containsEntry("tenant", "default").containsEntry("app", "web")
                .containsEntry("node", "node-1");
        assertThat(Files.readString(web.directory().resolve("shipped")))
                .contains("stdout " + (6 + 100_000)).contains("stderr 5");
        assertThat(meters.counter("berth.logs.shipped.bytes").count()).isEqualTo(6 + 100_000 + 5);
        assertThat(shipper.spoolBytes()).isZero();
        assertThat(shipper.progress(A, web.directory()).get("stdout"))
                .isEqualTo(new LogShipper.Progress(100_006, 100_006));
    }

    @Test
    void batchesStayUnderTheBatchSize() throws IOException {
        ShippedContainer web = container(A, "web");
        for (int i = 0; i < 40; i++) {
            write(web, "stdout", T0 + i, random(100_000, i));
        }
        LogShipper shipper = shipper();

        drain(shipper);

        assertThat(service.batches.get()).isBetween(4, 6);
        assertThat(service.stream(A, "stdout").bytes.toByteArray()).isEqualTo(file(web, "stdout"));
        assertThat(service.stream(A, "stdout").duplicateBytes).isZero();
    }

    @Test
    void aBacklogOfOneStreamLargerThanABatchGoesOutWithoutWaitingForTheLogToGrow() throws IOException {
        ShippedContainer web = container(A, "web");
        write(web, "stdout", T0, random(3_000_000, 7)); // one exited container's whole output: no more wake-ups
        LogShipper shipper = shipper();

        List<LogShipper.Outcome> outcomes = new ArrayList<>();
        LogShipper.Outcome outcome;
        do {
            outcome = shipper.round();
            outcomes.add(outcome);
        } while (outcome != LogShipper.Outcome.IDLE && outcomes.size() < 10);

        // Every batch but the last says more is ready, so the loop sends the next one at once instead of idling.
        assertThat(outcomes.subList(0, outcomes.size() - 2)).containsOnly(LogShipper.Outcome.SENT_FULL);
        assertThat(outcomes.get(outcomes.size() - 2)).isEqualTo(LogShipper.Outcome.SENT);
        assertThat(outcomes).hasSizeBetween(4, 6).endsWith(LogShipper.Outcome.IDLE);
        assertThat(service.stream(A, "stdout").bytes.toByteArray()).isEqualTo(file(web, "stdout"));
    }

    @Test
    void afterALostAckTheReplayResumesFromTheAckAndEveryByteIsStoredOnceInOrder() throws IOException {
        ShippedContainer web = container(A, "web");
        write(web, "stdout", T0, "one\n");
        LogShipper shipper = shipper();
        drain(shipper);
        write(web, "stdout", T0 + 1, "two\n");
        write(web, "stderr", T0 + 2, "err\n");

        service.mode = FakeLogService.Mode.COMMIT_THEN_UNAVAILABLE; // stored, but the agent hears 503
        assertThat(shipper.round()).isEqualTo(LogShipper.Outcome.FAILED);
        assertThat(Files.readString(web.directory().resolve("shipped"))).contains("stdout 4").doesNotContain("stderr");
        service.mode = FakeLogService.Mode.UNAVAILABLE;
        assertThat(shipper.round()).isEqualTo(LogShipper.Outcome.FAILED);
        service.mode = FakeLogService.Mode.OK;
        write(web, "stdout", T0 + 3, "three\n");
        drain(shipper);

        assertThat(service.stream(A, "stdout").bytes.toString()).isEqualTo("one\ntwo\nthree\n");
        assertThat(service.stream(A, "stderr").bytes.toString()).isEqualTo("err\n");
        // The replay started at the last ack (4), not at 0: only the batch whose ack was lost came twice.
        assertThat(service.received).filteredOn(r -> r.stream().equals("stdout"))
                .extracting(FakeLogService.Received::offset).containsExactly(0L, 4L, 4L, 8L);
        assertThat(meters.counter("berth.logs.failures", "reason", "unavailable").count()).isEqualTo(2);
        assertThat(Files.readString(web.directory().resolve("shipped"))).contains("stdout 14").contains("stderr 4");
    }

    @Test
    void whileTheServiceIsDownTheSpoolGrowsAndNothingIsLostWhenItReturns() throws IOException {
        ShippedContainer web = container(A, "web");
        LogShipper shipper = shipper();
        service.down();
        for (int i = 0; i < 20; i++) {
            write(web, "stdout", T0 + i, ("line " + i + "\n").repeat(1000));
            assertThat(shipper.round()).isEqualTo(LogShipper.Outcome.FAILED);
        }
        assertThat(shipper.spoolBytes()).isEqualTo(Files.size(web.directory().resolve("stdout.log")));
        assertThat(shipper.lagSeconds()).isPositive();
        assertThat(meters.counter("berth.logs.failures", "reason", "unreachable").count()).isEqualTo(20);

        service.up();
        drain(shipper);

        assertThat(service.stream(A, "stdout").bytes.toByteArray()).isEqualTo(file(web, "stdout"));
        assertThat(shipper.spoolBytes()).isZero();
        assertThat(shipper.lagSeconds()).isZero();
    }

    @Test
    void aHangingServiceTimesOutAndIsRetried() throws IOException {
        ShippedContainer web = container(A, "web");
        write(web, "stdout", T0, "hi\n");
        LogShipper shipper = shipper(2L << 30, Duration.ofMillis(500));
        service.mode = FakeLogService.Mode.HANG;
        assertThat(shipper.round()).isEqualTo(LogShipper.Outcome.FAILED);
        service.mode = FakeLogService.Mode.OK;
        drain(shipper);
        assertThat(service.stream(A, "stdout").bytes.toString()).isEqualTo("hi\n");
    }

    @Test
    void theShipperThreadKeepsOneBatchInFlightAndShipsEverything() throws Exception {
        ShippedContainer web = container(A, "web");
        ShippedContainer db = container(B, "db");
        service.delayMillis = 20;
        LogShipper shipper = shipper();
        shipper.start(() -> List.copyOf(live));
        for (int i = 0; i < 50; i++) {
            write(web, i % 2 == 0 ? "stdout" : "stderr", T0 + i, random(30_000, i));
            write(db, "stdout", T0 + i, ("db " + i + "\n").getBytes());
            shipper.wake();
            Thread.sleep(5);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (service.stream(B, "stdout").end < Files.size(db.directory().resolve("stdout.log"))
                || service.stream(A, "stderr").end < Files.size(web.directory().resolve("stderr.log"))
                || service.stream(A, "stdout").end < Files.size(web.directory().resolve("stdout.log"))) {
            assertThat(System.nanoTime()).isLessThan(deadline);
            Thread.sleep(20);
        }
        assertThat(service.maxInFlight.get()).isEqualTo(1);
        for (String stream : List.of("stdout", "stderr")) {
            assertThat(service.stream(A, stream).bytes.toByteArray()).isEqualTo(file(web, stream));
            assertThat(service.stream(A, stream).duplicateBytes).isZero();
            assertThat(service.received).filteredOn(r -> r.container().equals(A) && r.stream().equals(stream))
                    .extracting(FakeLogService.Received::offset).isSorted();
        }
        assertThat(service.stream(B, "stdout").bytes.toByteArray()).isEqualTo(file(db, "stdout"));
    }

    @Test
    void pastTheCapTheOldestBytesOfTheLargestBacklogAreDroppedAndCounted() throws IOException {
        ShippedContainer web = container(A, "web");
        ShippedContainer db = container(B, "db");
        write(web, "stdout", T0, random(50_000, 1));
        write(web, "stdout", T0 + 1, random(50_000, 2));
        write(db, "stdout", T0 + 2, "small\n");
        LogShipper shipper = shipper(40_000, Duration.ofSeconds(10));
        service.down();

        assertThat(shipper.round()).isEqualTo(LogShipper.Outcome.FAILED);

        long dropped = (long) meters.counter("berth.logs.dropped.bytes").count();
        assertThat(dropped).isEqualTo(100_006 - 40_000);
        assertThat(shipper.spoolBytes()).isLessThanOrEqualTo(40_000);
        service.up();
        drain(shipper);
        // The small stream lost nothing; the large one lost its oldest bytes and log-service saw a gap.
        assertThat(service.stream(B, "stdout").bytes.toString()).isEqualTo("small\n");
        assertThat(service.stream(A, "stdout").gapBytes).isEqualTo(60_006);
        byte[] kept = java.util.Arrays.copyOfRange(file(web, "stdout"), 60_006, 100_000);
        assertThat(java.util.Arrays.copyOfRange(service.stream(A, "stdout").bytes.toByteArray(), 60_006, 100_000))
                .isEqualTo(kept);
        // A live container's log is still read locally: no hole punched in it.
        assertThat(sys.calls()).noneMatch(c -> c.startsWith("fallocate"));
    }

    @Test
    void theCapCutsTheLargestBacklogsDownToOneLevelAndSparesTheSmallOnes() throws IOException {
        ShippedContainer web = container(A, "web");
        ShippedContainer db = container(B, "db");
        ShippedContainer quiet = container("c".repeat(64), "quiet");
        write(web, "stdout", T0, random(50_000, 1));
        write(db, "stdout", T0 + 1, random(30_000, 2));
        write(quiet, "stderr", T0 + 2, random(1_000, 3));
        LogShipper shipper = shipper(41_000, Duration.ofSeconds(10));
        service.down();

        shipper.round();

        // 81,000 unshipped, 40,000 too many: the two large streams are cut to 20,000 each, the quiet one is whole.
        assertThat(meters.counter("berth.logs.dropped.bytes").count()).isEqualTo(40_000);
        assertThat(shipper.spoolBytes()).isEqualTo(41_000);
        assertThat(shipper.progress(A, web.directory()).get("stdout").shipped()).isEqualTo(30_000);
        assertThat(shipper.progress(B, db.directory()).get("stdout").shipped()).isEqualTo(10_000);
        assertThat(shipper.progress("c".repeat(64), quiet.directory()).get("stderr").shipped()).isZero();
        // The skip is saved like an ack: a restart does not send the dropped bytes.
        assertThat(Files.readString(web.directory().resolve("shipped"))).contains("stdout 30000");
    }

    @Test
    void withoutDropOldestNothingIsDroppedPastTheCap() throws IOException {
        ShippedContainer web = container(A, "web");
        write(web, "stdout", T0, random(50_000, 1));
        meters = new SimpleMeterRegistry();
        LogShipper shipper = new LogShipper(new ShippingSettings(service.uri(), "default", "node-1",
                state.resolve("log-spool"), 10_000, false, 1 << 20, 64 << 10, Duration.ofSeconds(10)),
                new LogShipperClient(service.uri(), Duration.ofSeconds(10)), new RecordingSyscalls(), meters);
        shipper.open(() -> List.copyOf(live));
        shippers.add(shipper);
        service.down();
        shipper.round();
        assertThat(shipper.spoolBytes()).isEqualTo(50_000);
        assertThat(meters.counter("berth.logs.dropped.bytes").count()).isZero();
    }

    @Test
    void removedContainersLogsMoveToTheSpoolAreDrainedThenDeleted() throws IOException {
        ShippedContainer web = container(A, "web");
        write(web, "stdout", T0, "before removal\n");
        write(web, "stderr", T0 + 1, "err\n");
        LogShipper shipper = shipper();
        service.down();
        assertThat(shipper.round()).isEqualTo(LogShipper.Outcome.FAILED);

        shipper.retire(web);
        live.remove(web);
        Path spool = state.resolve("log-spool").resolve(A);
        assertThat(spool.resolve("stdout.log")).exists();
        assertThat(spool.resolve("stderr.idx")).exists();
        assertThat(web.directory().resolve("stdout.log")).doesNotExist();
        assertThat(Files.readString(spool.resolve("shipped"))).contains("app web");
        assertThat(shipper.round()).isEqualTo(LogShipper.Outcome.FAILED);
        assertThat(spool).exists();

        service.up();
        drain(shipper);

        assertThat(service.stream(A, "stdout").bytes.toString()).isEqualTo("before removal\n");
        assertThat(service.stream(A, "stderr").bytes.toString()).isEqualTo("err\n");
        assertThat(spool).doesNotExist();
    }

    @Test
    void theCapPunchesHolesOnlyInSpooledLogs() throws IOException {
        ShippedContainer web = container(A, "web");
        write(web, "stdout", T0, random(50_000, 1));
        LogShipper shipper = shipper(10_000, Duration.ofSeconds(10));
        service.down();
        shipper.retire(web);
        live.remove(web);

        shipper.round();

        assertThat(sys.calls()).anyMatch(c -> c.startsWith("fallocate(") && c.endsWith(", 3, 0, 40000)"));
    }

    @Test
    void aNewShipperOverTheSameStateResumesFromTheSavedOffsetsAndDrainsTheSpool() throws IOException {
        ShippedContainer web = container(A, "web");
        ShippedContainer gone = container(B, "gone");
        write(web, "stdout", T0, "first\n");
        write(gone, "stdout", T0, "gone 1\n");
        LogShipper first = shipper();
        drain(first);
        write(gone, "stdout", T0 + 1, "gone 2\n");
        first.retire(gone);
        live.remove(gone);
        first.close();
        write(web, "stdout", T0 + 2, "second\n");

        LogShipper second = shipper();
        drain(second);

        assertThat(service.stream(A, "stdout").bytes.toString()).isEqualTo("first\nsecond\n");
        assertThat(service.stream(A, "stdout").duplicateBytes).isZero();
        assertThat(service.stream(B, "stdout").bytes.toString()).isEqualTo("gone 1\ngone 2\n");
        assertThat(service.stream(B, "stdout").duplicateBytes).isZero();
        assertThat(service.stream(B, "stdout").names).containsEntry("app", "gone");
        assertThat(state.resolve("log-spool").resolve(B)).doesNotExist();
    }

    @Test
    void aStreamLogServiceRefusesIsStoppedWhileOthersShip() throws IOException {
        ShippedContainer web = container(A, "web");
        ShippedContainer db = container(B, "db");
        write(web, "stdout", T0, "refused\n");
        write(db, "stdout", T0 + 1, "fine\n");
        service.refused.add(A);
        LogShipper shipper = shipper();

        for (int i = 0; i < 10; i++) {
            shipper.round();
        }
        write(db, "stdout", T0 + 2, "still fine\n");
        drain(shipper);

        assertThat(service.stream(B, "stdout").bytes.toString()).isEqualTo("fine\nstill fine\n");
        assertThat(service.stream(A, "stdout").end).isZero();
        assertThat(meters.counter("berth.logs.failures", "reason", "refused").count()).isBetween(2.0, 3.0);
    }

    @Test
    void aServiceThatWantsAnotherInternalTokenIsRetriedAndGetsEverythingOnceTheTokensAgree() throws IOException {
        InternalToken token = InternalToken.of("n".repeat(43));
        ShippedContainer web = container(A, "web");
        write(web, "stdout", T0, "kept while refused\n");
        service.requiredToken = "o".repeat(43);
        LogShipper shipper = shipper(2L << 30, Duration.ofSeconds(10), token);

        for (int i = 0; i < 3; i++) {
            assertThat(shipper.round()).isEqualTo(LogShipper.Outcome.FAILED);
        }
        assertThat(meters.counter("berth.logs.failures", "reason", "unauthorized").count()).isEqualTo(3);
        service.requiredToken = token.value();
        write(web, "stdout", T0 + 1, "and after\n");
        drain(shipper);

        assertThat(service.stream(A, "stdout").bytes.toString()).isEqualTo("kept while refused\nand after\n");
        assertThat(meters.counter("berth.logs.failures", "reason", "refused").count()).isZero();
    }
}
