package dev.berth.gateway.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.gateway.metrics.GatewayMetrics;
import dev.berth.gateway.tenant.TenantName;
import dev.berth.gateway.token.TokenId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class AuditLogTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private static AuditEntry entry(int n) {
        return new AuditEntry(0, Instant.EPOCH, new TenantName("acme"), "ci", new TokenId("0123456789abcdef"),
                "POST", "/api/v1/apps/" + n, new TenantName("acme"), 201);
    }

    private double lost(String reason) {
        var counter = meters.find("berth.gateway.audit.lost").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void entriesAreWrittenInOrderAndCloseWritesWhatIsQueued() {
        List<AuditEntry> written = new CopyOnWriteArrayList<>();
        try (AuditLog log = new AuditLog(written::addAll, 100, new GatewayMetrics(meters))) {
            for (int i = 0; i < 50; i++) {
                log.record(entry(i));
            }
        }
        assertThat(written).extracting(AuditEntry::path).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 50).mapToObj(i -> "/api/v1/apps/" + i).toList());
    }

    @Test
    void aFailedWriteIsCountedAndNeitherBlocksNorFailsTheRecorder() {
        AuditLog log = new AuditLog(batch -> {
            throw new IllegalStateException("database down");
        }, 100, new GatewayMetrics(meters));
        long started = System.nanoTime();
        log.record(entry(1));
        log.record(entry(2));
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(100));
        log.close();
        assertThat(lost("write-failed")).isEqualTo(2);
    }

    @Test
    void aFullQueueDropsAndCountsInsteadOfWaiting() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch writing = new CountDownLatch(1);
        AuditLog log = new AuditLog(batch -> {
            writing.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 2, new GatewayMetrics(meters));
        log.record(entry(0));
        assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();
        for (int i = 1; i <= 5; i++) {
            log.record(entry(i));
        }
        assertThat(lost("dropped")).isEqualTo(3);
        release.countDown();
        log.close();
    }
}
